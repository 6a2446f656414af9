using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Telltale.Fuzz.Mutation;

namespace Telltale.Fuzz.Engine;

/// <summary>
/// Fuzzes one target: runs its seeds, then mutates corpus inputs and keeps those that reach a feature
/// (or, instrumented, an edge) not seen before. Crashes are saved and the run goes on; a hang is saved
/// and ends the target, since its thread cannot be taken back.
/// </summary>
public sealed class FuzzRunner
{
    /// <summary>Saved inputs per crash signature: enough to see a pattern, not a folder of duplicates.</summary>
    private const int SavedPerSignature = 3;

    private readonly IFuzzTarget _target;
    private readonly FuzzRunOptions _options;
    private readonly IMutator _mutator;
    private readonly Random _random;
    private readonly FeatureSink _sink = new();
    private readonly HashSet<ulong> _seen = [];
    private readonly HashSet<int> _edges = [];
    private readonly List<byte[]> _corpus = [];
    private readonly List<FuzzFinding> _findings = [];
    private readonly Dictionary<string, int> _signatures = [];
    private readonly string? _targetDirectory;
    private long _corpusBytes;
    private long _executions;
    private long _crashes;
    private long _hangs;
    private long _memoryFlags;

    public FuzzRunner(IFuzzTarget target, FuzzRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Iterations is null == options.Duration is null)
        {
            throw new ArgumentException("set either Iterations or Duration", nameof(options));
        }

        _target = target;
        _options = options;
        _mutator = target.InputKind switch
        {
            FuzzInputKind.JavaScript => new JavaScriptMutator(),
            FuzzInputKind.Json => new JsonMutator(),
            FuzzInputKind.Yaml => new YamlMutator(),
            _ => new ByteMutator(),
        };
        _random = new Random(options.Seed ^ StableHash(target.Name));
        if (options.OutputDirectory is { } output)
        {
            _targetDirectory = Path.Combine(output, target.Name);
        }
    }

    public TargetReport Run()
    {
        CoverageMap.Initialize();
        using var executor = new WatchdogExecutor($"fuzz-{_target.Name}", _target.StackBytes);
        using var inFlight = _options.OutputDirectory is { } output
            ? InFlightInput.Open(Path.Combine(Directory.CreateDirectory(output).FullName, "in-flight.bin"), _target.MaxInputBytes)
            : null;
        var clock = Stopwatch.StartNew();
        var nextLog = _options.LogInterval;
        var seeds = _target.Seeds().Concat(_options.ExtraCorpus).Select(Cut).ToList();
        foreach (var seed in seeds)
        {
            if (!Execute(seed, executor, inFlight, isSeed: true))
            {
                return Report(clock.Elapsed, seeds.Count);
            }
        }

        if (_corpus.Count == 0)
        {
            // Every seed crashed: mutate from an empty input rather than not at all.
            _corpus.Add([]);
        }

        for (long i = 0; Continue(i, clock.Elapsed); i++)
        {
            var parent = _corpus[_random.Next(_corpus.Count)];
            var child = _mutator.Mutate(parent, _corpus, _random, _target.MaxInputBytes);
            if (!Execute(child, executor, inFlight, isSeed: false))
            {
                break;
            }

            if (_options.Log is { } log && clock.Elapsed >= nextLog)
            {
                nextLog += _options.LogInterval;
                log.WriteLine(Progress(clock.Elapsed));
                log.Flush();
            }
        }

        return Report(clock.Elapsed, seeds.Count);
    }

    private bool Continue(long iteration, TimeSpan elapsed) =>
        _options.Iterations is { } iterations ? iteration < iterations : elapsed < _options.Duration!.Value;

    private byte[] Cut(byte[] input) => input.Length <= _target.MaxInputBytes ? input : input[.._target.MaxInputBytes];

    /// <summary>Runs one input and files what it did; false when it hung and the target must stop.</summary>
    private bool Execute(byte[] input, WatchdogExecutor executor, InFlightInput? inFlight, bool isSeed)
    {
        _sink.Clear();
        CoverageMap.Reset();
        inFlight?.Begin(_target.Name, input);
        var result = executor.Execute(() => _target.Run(input, _sink), _options.Timeout);
        _executions++;
        if (result.Status == ExecutionStatus.Hung)
        {
            _hangs++;
            Record(FuzzFindingKind.Hang, $"hang > {_options.Timeout.TotalSeconds:0.#} s",
                $"the input was still running after {result.Elapsed.TotalSeconds:0.#} s; its thread is left running and the target stops here", input);
            // The hung input stays recorded as in flight in memory only; the file says the process did not die on it.
            inFlight?.End();
            return false;
        }

        inFlight?.End();
        if (result.AllocatedBytes > _options.MemoryLimitBytes)
        {
            _memoryFlags++;
            Record(FuzzFindingKind.Memory, "allocates > limit",
                $"the input allocated {result.AllocatedBytes:N0} bytes (limit {_options.MemoryLimitBytes:N0})", input);
        }

        if (result.Status == ExecutionStatus.Crashed)
        {
            _crashes++;
            Record(FuzzFindingKind.Crash, Signature(result.Exception!), result.Exception!.ToString(), input);
            return true;
        }

        CoverageMap.Collect(_sink, _edges);
        var isNew = false;
        foreach (var hash in _sink.Hashes)
        {
            isNew |= _seen.Add(hash);
        }

        if ((isNew || isSeed) && _corpus.Count < _options.MaxCorpus && _corpusBytes + input.Length <= _options.MaxCorpusBytes)
        {
            _corpus.Add(input);
            _corpusBytes += input.Length;
            if (isNew && !isSeed && _targetDirectory is not null)
            {
                var directory = Directory.CreateDirectory(Path.Combine(_targetDirectory, "corpus")).FullName;
                File.WriteAllBytes(Path.Combine(directory, Name(input) + ".bin"), input);
            }
        }

        return true;
    }

    private void Record(FuzzFindingKind kind, string signature, string details, byte[] input)
    {
        var key = $"{kind}:{signature}";
        _signatures[key] = _signatures.GetValueOrDefault(key) + 1;
        if (_signatures[key] > SavedPerSignature)
        {
            return;
        }

        string? path = null;
        if (_targetDirectory is not null)
        {
            var directory = Directory.CreateDirectory(_targetDirectory).FullName;
            var stem = $"{kind.ToString().ToLowerInvariant()}-{Name(Encoding.UTF8.GetBytes(signature))[..8]}-{Name(input)[..12]}";
            path = Path.Combine(directory, stem + ".bin");
            File.WriteAllBytes(path, input);
            File.WriteAllText(Path.Combine(directory, stem + ".txt"), $"target: {_target.Name}\nkind: {kind}\nsignature: {signature}\n\n{details}\n");
        }

        _findings.Add(new FuzzFinding(kind, _target.Name, signature, details, path));
        _options.Log?.WriteLine($"[{_target.Name}] {kind}: {signature}{(path is null ? "" : " → " + path)}");
    }

    /// <summary>The exception type and the innermost Telltale frames: inputs failing at the same place share it.</summary>
    public static string Signature(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is ContractViolationException)
        {
            var folded = new StringBuilder();
            foreach (var c in exception.Message.Take(80))
            {
                if (!char.IsAsciiDigit(c) || folded.Length == 0 || folded[^1] != '#')
                {
                    folded.Append(char.IsAsciiDigit(c) ? '#' : c);
                }
            }

            return $"contract: {folded}";
        }

        var frames = new StackTrace(exception).GetFrames()
            .Select(f => f.GetMethod())
            .Where(m => m?.DeclaringType?.FullName?.StartsWith("Telltale", StringComparison.Ordinal) == true)
            .Take(3)
            .Select(m => $"{m!.DeclaringType!.Name}.{m.Name}");
        return $"{exception.GetType().Name} at {string.Join(" < ", frames)}";
    }

    private string Progress(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"[{_target.Name}] {elapsed:hh\\:mm\\:ss} execs {_executions} ({_executions / Math.Max(elapsed.TotalSeconds, 0.001):0.0}/s) corpus {_corpus.Count} features {_seen.Count} edges {_edges.Count} crashes {_crashes} hangs {_hangs} memory {_memoryFlags}");

    private TargetReport Report(TimeSpan elapsed, int seedCount)
    {
        var report = new TargetReport
        {
            Target = _target.Name,
            Executions = _executions,
            Elapsed = elapsed,
            CorpusSize = _corpus.Count,
            SeedCount = seedCount,
            Features = _seen.Count,
            Edges = _edges.Count,
            Instrumented = CoverageMap.Instrumented,
            Crashes = _crashes,
            Hangs = _hangs,
            MemoryFlags = _memoryFlags,
            Findings = [.. _findings],
        };
        _options.Log?.WriteLine(Progress(elapsed) + " (done)");
        _options.Log?.Flush();
        return report;
    }

    private static string Name(byte[] input) => Convert.ToHexStringLower(SHA256.HashData(input));

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}

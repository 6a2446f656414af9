using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Rules;

namespace Telltale.Scanning;

/// <summary>
/// The static scan, start to end: resolve the target, unpack it within limits, run every entry through
/// the per-entry stages on all cores, and gather one report. Returns data; the caller renders it.
/// </summary>
public sealed class Scanner
{
    private readonly ScanOptions _options;
    private readonly TargetResolver _resolver;
    private readonly RuleEngine _rules;

    public Scanner(ScanOptions options, TargetResolver resolver)
    {
        _options = options;
        _resolver = resolver;
        _rules = new RuleEngine(options.Rules ?? RulePackLoader.LoadDefault());
    }

    /// <summary>The build's version (Directory.Build.props), as <c>telltale --version</c> prints it.</summary>
    public static string ToolVersion { get; } =
        typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public async Task<ScanReport> ScanAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new ScanProgress("resolve", target, 0, 0));
        var resolved = await _resolver.ResolveAsync(target, cancellationToken).ConfigureAwait(false);
        var report = ScanResolved(resolved, progress, cancellationToken);
        return report with { Statistics = report.Statistics with { Elapsed = clock.Elapsed } };
    }

    /// <summary>Scans a target that is already on disk (used by tests and by callers that fetched it themselves).</summary>
    public ScanReport ScanResolved(ResolvedTarget resolved, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var context = new UnpackContext(_options.Limits, cancellationToken);
        using var entryScanner = new EntryScanner(_rules, _options);
        var results = new List<EntryResult>();
        var gate = new object();
        var entries = 0;
        long bytes = 0;
        string? name = null, version = null;

        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        // No buffering: a worker takes one entry at a time, so a large entry (a bundle, an executable's
        // runtime) never holds small ones back in its chunk while the other core is idle.
        var source = Partitioner.Create(EntriesWithPlatformPackages(resolved, context), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(source, parallel, item =>
        {
            var (entry, ofTarget) = item;
            var result = entryScanner.Scan(entry, cancellationToken);
            lock (gate)
            {
                results.Add(result);
                entries++;
                bytes += entry.Content.Length;
                if (ofTarget && entry.Depth == 0 && IsManifest(entry) && ReadManifest(entry) is { } manifest)
                {
                    (name, version) = manifest;
                }

                progress?.Report(new ScanProgress("scan", entry.Path, entries, bytes));
            }
        });

        var findings = results.SelectMany(r => r.Findings).ToList();
        foreach (var refusal in context.Refusals)
        {
            findings.AddRange(_rules.Evaluate(new Observation
            {
                Source = ObservationSource.Archive,
                Location = new SourceLocation(refusal.Path, 0, 0, 0),
                Text = refusal.Message,
                Refusal = refusal.Kind,
            }));
        }

        var target = new ScanTarget(
            resolved.Source == "npm" ? resolved.Name : name ?? resolved.Name,
            resolved.Source == "npm" ? resolved.Version : version ?? resolved.Version,
            resolved.Sha256,
            resolved.Source)
        {
            Platform = resolved.Platform,
            PlatformPackages = [.. resolved.PlatformPackages.Select(p => new PlatformPackage(p.Name, p.Version, p.Sha256))],
        };

        return new ScanReport
        {
            Target = target,
            Findings = Order(findings),
            Schemes = results.SelectMany(r => r.Schemes).OrderBy(s => s.FirstLocation.Path, StringComparer.Ordinal).ToArray(),
            Payloads = [.. context.Payloads],
            Statistics = new ScanStatistics
            {
                Entries = entries,
                Bytes = bytes,
                Literals = results.Sum(r => r.Literals),
                DecodedLiterals = results.Sum(r => r.DecodedLiterals),
                Elapsed = clock.Elapsed,
            },
            ScannedAt = DateTimeOffset.UtcNow,
            ToolVersion = ToolVersion,
        };
    }

    /// <summary>
    /// The target's entries, then each platform package's under its <c>name@version!/</c> prefix, all in one
    /// context so the limits hold for the whole install. Each says whether it is the target's own, since a
    /// platform package's package.json must not rename the target.
    /// </summary>
    private static IEnumerable<(ArtifactEntry Entry, bool OfTarget)> EntriesWithPlatformPackages(ResolvedTarget resolved, UnpackContext context)
    {
        // Expand is called for every part now, so a missing file fails before any scanning starts.
        List<(IEnumerable<ArtifactEntry> Entries, bool OfTarget)> parts =
        [
            (ArtifactExpander.Default.Expand(resolved.LocalPath, context), true),
            .. resolved.PlatformPackages.Select(p => (ArtifactExpander.Default.Expand(p.LocalPath, context, p.PathPrefix), false)),
        ];
        return parts.SelectMany(part => part.Entries.Select(entry => (entry, part.OfTarget)));
    }

    private static List<Finding> Order(List<Finding> findings) =>
        findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Location.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Offset)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();

    private static bool IsManifest(ArtifactEntry entry) =>
        entry.Name is "package.json" or "package/package.json";

    private static (string Name, string? Version)? ReadManifest(ArtifactEntry entry)
    {
        try
        {
            using var document = JsonDocument.Parse(entry.Content);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String)
            {
                var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return (nameElement.GetString()!, version);
            }
        }
        catch (JsonException)
        {
            // A broken manifest is the package's problem; the scan goes on under the file name.
        }

        return null;
    }
}

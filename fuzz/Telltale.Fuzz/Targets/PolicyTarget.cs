using System.Text;
using System.Text.RegularExpressions;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Policy;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// Reading a <c>policy.yaml</c> (<see cref="PolicyLoader.Parse"/>), and writing what was read back with
/// <see cref="PolicyYamlWriter"/> as <c>policy suggest</c> does. The policy sits in a folder of its own that
/// holds nothing else, so its includes and OSV feeds find no file and fail, or load nothing, cleanly.
/// </summary>
internal sealed partial class PolicyTarget : IFuzzTarget, IDisposable
{
    private const string FileName = "policy.yaml";

    // Versions below, inside and at the edges of the seeds' ranges, and far above them.
    private static readonly string[] Probes = ["0.0.1", "1.0.0", "2.1.91", "2.1.198", "9.9.9"];

    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-fuzz-policy-").FullName;

    public string Name => "policy";

    public string Contract =>
        "PolicyLoader.Parse throws only PolicyException, its message one line without control characters starting with the file name; a policy it accepts, written by PolicyYamlWriter, reads back to the same entry ids in order, each covering the same versions";

    public FuzzInputKind InputKind => FuzzInputKind.Yaml;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => PolicySeeds.All();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var text = Encoding.UTF8.GetString(input.Span);
        if (MayLeaveTheFolder(text))
        {
            features.Add("skipped", "path outside the folder");
            return;
        }

        var path = Path.Combine(_directory, FileName);
        PolicyDocument policy;
        try
        {
            policy = PolicyLoader.Parse(text, path);
        }
        catch (PolicyException ex)
        {
            MessageContract.RequirePrintable("a PolicyException's message", ex.Message);
            MessageContract.RequireStart("a PolicyException's message", ex.Message, FileName);
            // The wording after "policy.yaml:LINE: " says which check refused it.
            var colon = ex.Message.IndexOf(": ", StringComparison.Ordinal);
            features.AddShape("refused", colon < 0 ? ex.Message : ex.Message[(colon + 2)..]);
            return;
        }

        features.AddMagnitude("entries", policy.Entries.Count);
        features.AddMagnitude("affected", policy.Entries.Sum(e => e.Affected.Count));
        var written = new StringWriter();
        PolicyYamlWriter.Write(policy.Name, policy.Entries, written);
        PolicyDocument again;
        try
        {
            again = PolicyLoader.Parse(written.ToString(), path);
        }
        catch (PolicyException ex)
        {
            throw new ContractViolationException($"a policy that was read could not be read after PolicyYamlWriter wrote it again: {ex.Message}", ex);
        }

        ContractViolationException.Require(again.Name == policy.Name, $"the policy's name changed when written and read again: '{policy.Name}' became '{again.Name}'");
        ContractViolationException.Require(again.Entries.Select(e => e.Id).SequenceEqual(policy.Entries.Select(e => e.Id), StringComparer.Ordinal),
            $"entry ids changed when written and read again: [{string.Join(", ", policy.Entries.Select(e => e.Id))}] became [{string.Join(", ", again.Entries.Select(e => e.Id))}]");
        for (var i = 0; i < policy.Entries.Count; i++)
        {
            var (before, after) = (policy.Entries[i], again.Entries[i]);
            ContractViolationException.Require(before.Affected.Count == after.Affected.Count,
                $"entry {before.Id} covered {before.Affected.Count} packages, {after.Affected.Count} when written and read again");
            for (var k = 0; k < before.Affected.Count; k++)
            {
                foreach (var version in Probes)
                {
                    ContractViolationException.Require(before.Affected[k].Covers(version) == after.Affected[k].Covers(version),
                        $"whether a package covers a version changed when written and read again: entry {before.Id} package {k} version {version}");
                }
            }
        }
    }

    /// <summary>
    /// Whether an include or OSV feed may name a path outside the working folder: <c>..</c>, an absolute path, or
    /// an escape that could spell either (other escapes stay: a NUL or a control character in a path is fair game). The loader would read it (<c>osv: /</c> walks the whole file system,
    /// <c>include: /dev/zero</c> reads for ever), which is what a policy's author asked for, not a bug, and not
    /// something to do to a shared machine. Such inputs are skipped; they are rare among mutations.
    /// </summary>
    private static bool MayLeaveTheFolder(string text) =>
        (text.Contains("include", StringComparison.Ordinal) || text.Contains("osv", StringComparison.Ordinal)) && OutsidePath().IsMatch(text);

    [GeneratedRegex(@"\.\.|(^|[\s""'\[{,:>|!?-])/|\\(/|x2[EeFf]|u002[EeFf]|U0000002[EeFf])")]
    private static partial Regex OutsidePath();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a finished run over.
        }
    }
}

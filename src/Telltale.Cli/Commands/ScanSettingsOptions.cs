using System.CommandLine;
using Telltale.Artifacts;
using Telltale.Rules;
using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>--rules</c>, <c>--no-behaviour</c> and <c>--platform</c>: how <c>scan</c> scans, and which stored
/// scan <c>report show</c> shows (the one <c>scan</c> with the same options would reuse).
/// </summary>
internal sealed record ScanSettingsOptions(Option<string[]> RuleFiles, Option<bool> NoBehaviour, Option<string?> Platform)
{
    /// <param name="selecting">For <c>report show</c>: the options choose among stored scans rather than set up a new one.</param>
    public static ScanSettingsOptions Create(bool selecting) => new(
        new Option<string[]>("--rules")
        {
            Description = selecting
                ? "Show the scan made with these extra rule packs, as 'scan --rules' would reuse it"
                : "Extra YAML rule packs, added to the embedded defaults (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        },
        new Option<bool>("--no-behaviour")
        {
            Description = selecting
                ? "Show the scan made without the JavaScript behaviour analysis"
                : "Skip the JavaScript behaviour analysis (covert channels, TT2001); literals are still decoded",
        },
        new Option<string?>("--platform")
        {
            Description = (selecting ? "Show the scan made for this platform: " : "Platform whose packages from optionalDependencies are scanned with an npm target: ")
                + "OS-CPU[-musl] (linux-x64, linux-x64-musl, darwin-arm64, win32-x64, …) or none; default: this machine's",
        });

    public void AddTo(Command command)
    {
        command.Add(RuleFiles);
        command.Add(NoBehaviour);
        command.Add(Platform);
    }

    /// <summary>Whether any of the three was given.</summary>
    public bool AnyGiven(ParseResult parse) =>
        (parse.GetValue(RuleFiles) ?? []).Length > 0 || parse.GetValue(NoBehaviour) || parse.GetValue(Platform) is not null;

    /// <summary>The platform asked for, this machine's by default; null for <c>none</c>.</summary>
    /// <exception cref="TargetException">when the platform cannot be read.</exception>
    public NpmPlatform? PlatformOf(ParseResult parse) =>
        parse.GetValue(Platform) is { } text ? NpmPlatform.Parse(text) : NpmPlatform.Current;

    /// <summary>The scan options these make, and the rule pack files to record with the scan.</summary>
    /// <exception cref="RulePackException">when a pack cannot be read or parsed.</exception>
    public (ScanOptions Options, IReadOnlyList<RulePackFile> RulePacks) OptionsOf(ParseResult parse)
    {
        var files = parse.GetValue(RuleFiles) ?? [];
        var options = new ScanOptions { Rules = RulePackLoader.Load(files), AnalyzeBehaviour = !parse.GetValue(NoBehaviour) };
        try
        {
            return (options, [.. files.Select(RulePackFile.Read)]);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new RulePackException($"cannot read rule pack: {error.Message}", error);
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Policy;
using Telltale.Policy.Suggestion;
using Telltale.Reports;
using Telltale.Tracking.Diffing;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale policy validate|suggest|export</c>: the high-risk software list, written by people from evidence.</summary>
internal static class PolicyCommand
{
    private static readonly Argument<string> ValidateFile = new("policy") { Description = "The policy.yaml to check, with everything it includes" };

    private static readonly Option<string[]> From = new("--from")
    {
        Description = "The evidence: history:ID (as history printed it), latest (the newest stored history of --package), a saved history, bisection or scan report (.json), or a stored scan (npm:NAME@VERSION or a sha256 prefix); repeat it to join the native builds of one range bisected for several platforms",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> Diff = new("--diff")
    {
        Description = "Instead of --from: OLD NEW, two versions of one package (stored scans or saved reports, as for diff); a behaviour only NEW has is introduced there",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string?> Package = new("--package") { Description = "With --from latest: npm:NAME, the package whose newest stored history or bisection to use" };

    private static readonly Option<string?> Id = new("--id") { Description = "The entry id; default: the package name and first affected version" };

    private static readonly Option<string> Status = new("--status")
    {
        Description = "banned, restricted, review or allowed",
        DefaultValueFactory = _ => "review",
    };

    private static readonly Option<string?> Effective = new("--effective") { Description = "The date the status takes force, YYYY-MM-DD" };

    private static readonly Option<string> TimeZone = new("--time-zone")
    {
        Description = "The IANA time zone of --effective, e.g. Europe/Berlin",
        DefaultValueFactory = _ => "UTC",
    };

    private static readonly Option<int> GraceDays = new("--grace-days") { Description = "Days after --effective during which a check still only warns" };

    private static readonly Option<string?> Reason = new("--reason") { Description = "The reason, instead of the one made from the evidence" };

    private static readonly Option<string[]> Alternatives = new("--alternative")
    {
        Description = "npm:NAME to recommend instead; its newest stored scan must have nothing at high or above (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> DecidedBy = new("--decided-by") { Description = "Who decided (a team or person)" };

    private static readonly Option<string?> DecidedOn = new("--decided-on") { Description = "When it was decided, YYYY-MM-DD; default: today (UTC) when --decided-by is given" };

    private static readonly Option<string?> Behaviour = new("--behaviour") { Description = "Only this behaviour: a rule id (TT2001) or a behaviour key; default: every one at or above --min-severity" };

    private static readonly Option<string> MinSeverity = new("--min-severity")
    {
        Description = "Findings below this are not behaviours: info, low, medium, high or critical",
        DefaultValueFactory = _ => "high",
    };

    private static readonly Option<string?> SuggestOutput = new("--output", "-o") { Description = "Write the suggested policy to this file instead of standard output" };

    private static readonly Option<string?> SuggestDatabase = new("--db") { Description = "The result store; default: scans.db in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale" };

    public static Command Create()
    {
        var validate = new Command("validate", "Check a policy file and everything it includes; prints a one-line summary, or one line naming file and line of the first problem (exit 2).") { ValidateFile };
        validate.SetAction(Validate);
        var suggest = new Command("suggest", "Propose a policy entry from stored evidence: ranges exactly the versions with the behaviour, the sha256 of affected native builds, and the evidence ids.")
        {
            From, Diff, Package, Id, Status, Effective, TimeZone, GraceDays, Reason, Alternatives, DecidedBy, DecidedOn, Behaviour, MinSeverity, SuggestOutput, SuggestDatabase,
        };
        suggest.SetAction(SuggestAsync);
        return new Command("policy", "Write, check and export the high-risk software list (policy.yaml, docs/policy.md).") { validate, suggest, PolicyExportCommand.Create() };
    }

    /// <summary>Loads a policy, or says on one line why not; every verb that reads one goes through here.</summary>
    internal static PolicyDocument? Load(string path, out int failure)
    {
        try
        {
            failure = ExitCodes.Clean;
            return PolicyLoader.Load(path);
        }
        catch (PolicyException error)
        {
            failure = CliError.Fail(error.Message);
            return null;
        }
    }

    private static int Validate(ParseResult parse)
    {
        var path = parse.GetValue(ValidateFile)!;
        if (Load(path, out var failure) is not { } policy)
        {
            return failure;
        }

        var counts = string.Join(", ", Enum.GetValues<PolicyStatus>().Reverse()
            .Select(s => (Status: s, Count: policy.Entries.Count(e => e.Status == s)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {PolicyStatusNames.Name(c.Status)}"));
        Console.Out.WriteLine(Rendering.TerminalText.Line($"{path}: valid, {policy.Entries.Count} entries{(counts.Length == 0 ? "" : $" ({counts})")} from {policy.Files.Count} file(s)"));
        return ExitCodes.Clean;
    }

    private static async Task<int> SuggestAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (Options(parse, out var problem) is not { } options)
        {
            return CliError.Fail(problem!);
        }

        var output = parse.GetValue(SuggestOutput);
        if (output is not null && ReportFile.Problem(output) is { } outputProblem)
        {
            return CliError.Fail($"cannot write {output}: {outputProblem}");
        }

        PolicyEntry entry;
        try
        {
            var path = parse.GetValue(SuggestDatabase) ?? ScanStore.DefaultPath();
            using var store = File.Exists(path) ? new ScanStore(path) : null;
            var alternatives = new List<PolicyAlternative>();
            foreach (var spec in parse.GetValue(Alternatives) ?? [])
            {
                alternatives.Add(AlternativeCheck.FromStore(store ?? throw new PolicyException($"alternative {spec} has no stored scan: there is no result store at {path}"), spec));
            }

            var withAlternatives = options with { Alternatives = alternatives };
            entry = parse.GetValue(Diff) is [var old, var @new]
                ? PolicySuggester.FromDiff(ReportDiffer.Diff(Report(old, store, path), Report(@new, store, path)), withAlternatives)
                : PolicySuggester.Merge([.. parse.GetValue(From)!.Select(from => (from, Suggest(from, parse.GetValue(Package), store, path, withAlternatives)))]);
        }
        catch (Exception error) when (error is PolicyException or StoreException or InvalidDataException or TargetException or IOException or UnauthorizedAccessException)
        {
            return CliError.Fail(error.Message);
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        PolicyYamlWriter.Write(null, [entry], text);
        if (Reread(text.ToString()) is { } invalid)
        {
            CliError.Say($"the suggested entry does not read back ({invalid}); this is a bug, please report it");
            return ExitCodes.InternalError;
        }

        if (output is null)
        {
            await Console.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
            return ExitCodes.Clean;
        }

        try
        {
            await ReportFile.WriteAsync(output, writer => writer.WriteAsync(text.ToString())).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return CliError.Fail($"cannot write {output}: {error.Message}");
        }

        CliError.Say($"suggested entry {entry.Id} written to {output}; review it, then merge it into your policy");
        return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Clean;
    }

    private static SuggestionOptions? Options(ParseResult parse, out string? problem)
    {
        problem = null;
        if ((parse.GetValue(From) is null or []) == (parse.GetValue(Diff) is null or []))
        {
            problem = "policy suggest takes its evidence from --from or from --diff OLD NEW (one of them)";
            return null;
        }

        if (!PolicyStatusNames.TryParse(parse.GetValue(Status), out var status))
        {
            problem = $"unknown status '{parse.GetValue(Status)}' for --status (use banned, restricted, review or allowed)";
            return null;
        }

        if (!SeverityNames.TryParse(parse.GetValue(MinSeverity), out var minSeverity))
        {
            problem = $"unknown severity '{parse.GetValue(MinSeverity)}' for --min-severity (use info, low, medium, high or critical)";
            return null;
        }

        EffectiveDate? effective = null;
        if (parse.GetValue(Effective) is { } effectiveText)
        {
            if (!TryDate(effectiveText, out var date))
            {
                problem = $"--effective '{effectiveText}' is not a date YYYY-MM-DD";
                return null;
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(parse.GetValue(TimeZone)!, out _))
            {
                problem = $"--time-zone '{parse.GetValue(TimeZone)}' is not an IANA time zone this machine knows";
                return null;
            }

            if (parse.GetValue(GraceDays) is < 0 or > 3650)
            {
                problem = "--grace-days must be from 0 to 3650";
                return null;
            }

            effective = new EffectiveDate(date, parse.GetValue(TimeZone)!, parse.GetValue(GraceDays));
        }

        PolicyDecision? decided = null;
        if (parse.GetValue(DecidedBy) is { } by)
        {
            var on = DateOnly.FromDateTime(DateTime.UtcNow);
            if (parse.GetValue(DecidedOn) is { } onText && !TryDate(onText, out on))
            {
                problem = $"--decided-on '{onText}' is not a date YYYY-MM-DD";
                return null;
            }

            decided = new PolicyDecision(by, on);
        }

        return new SuggestionOptions
        {
            Id = parse.GetValue(Id),
            Status = status,
            Effective = effective,
            Reason = parse.GetValue(Reason),
            Decided = decided,
            Behaviour = parse.GetValue(Behaviour),
            MinSeverity = minSeverity,
        };
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <exception cref="PolicyException">when the evidence cannot be found or shows nothing.</exception>
    private static PolicyEntry Suggest(string from, string? package, ScanStore? store, string storePath, SuggestionOptions options)
    {
        if (from == "latest")
        {
            var name = package is null ? throw new PolicyException("--from latest needs --package npm:NAME")
                : NpmPackageSpec.IsNpmSpec(package) ? NpmPackageSpec.Parse(package).Name
                : throw new PolicyException($"--package takes npm:NAME, not {package}");
            var latest = (store?.ListTimelines(name, limit: 1) is [var newest, ..] ? newest : null)
                ?? throw new PolicyException($"no stored history or bisection of {name} in {storePath}: run telltale history npm:{name} first");
            return PolicySuggester.FromStored(latest, options);
        }

        if (from.StartsWith(StoredTimeline.KeyPrefix, StringComparison.Ordinal))
        {
            var stored = long.TryParse(from.AsSpan(StoredTimeline.KeyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? store?.GetTimeline(id) : null;
            return PolicySuggester.FromStored(stored ?? throw new PolicyException($"no stored history {from} in {storePath}"), options);
        }

        if (from.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(from))
        {
            var json = File.ReadAllText(from);
            if (json.Contains("\"schemaVersion\"", StringComparison.Ordinal))
            {
                return PolicySuggester.FromReport(JsonReportReader.Read(json), options);
            }

            var (timeline, bisection) = TimelineJsonReader.Read(json);
            return timeline is not null ? PolicySuggester.FromTimeline(timeline, null, options) : PolicySuggester.FromBisection(bisection!, null, options);
        }

        return PolicySuggester.FromReport(Report(from, store, storePath), options);
    }

    /// <summary>A saved report file or a stored scan; nothing is scanned.</summary>
    private static ScanReport Report(string key, ScanStore? store, string storePath) =>
        key.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(key)
            ? JsonReportReader.Read(File.ReadAllText(key))
            : store?.Show(key) ?? throw new PolicyException($"{key} is neither history:ID, latest, a saved .json file nor a stored scan in {storePath}");

    /// <summary>What suggest prints must load as a policy; checked before anything is written.</summary>
    private static string? Reread(string yaml)
    {
        try
        {
            PolicyLoader.Parse(yaml, "suggested.yaml");
            return null;
        }
        catch (PolicyException error)
        {
            return error.Message;
        }
    }
}

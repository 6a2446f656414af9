using System.CommandLine;
using System.Globalization;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Tracking.Store;
using Telltale.Tracking.Watching;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale watch npm:NAME…</c>: scan every new version as it is published and alert on new serious behaviour.</summary>
internal static class WatchCommand
{
    /// <summary>Polling more often than this would mostly load the registry; a release is rarely minutes-urgent.</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    private static readonly Argument<string[]> Packages = new("packages")
    {
        Description = "npm:NAME of each package to watch (no version)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string?> List = new("--list")
    {
        Description = "A file with one npm:NAME per line; '#' starts a comment",
    };

    private static readonly Option<string?> State = new("--state")
    {
        Description = "The file with the last version seen of each package; default: watch-state.json in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale",
    };

    private static readonly Option<string> Interval = new("--interval")
    {
        Description = "Time between polls: 30m, 1h, 90s (at least 1m)",
        DefaultValueFactory = _ => "15m",
    };

    private static readonly Option<bool> Once = new("--once")
    {
        Description = "Poll once and exit (for cron and CI): 1 when a new behaviour was found, 2 when a package or version could not be read",
    };

    private static readonly Option<string> MinSeverity = new("--min-severity")
    {
        Description = "Alert on behaviours at or above this: info, low, medium, high or critical",
        DefaultValueFactory = _ => "high",
    };

    private static readonly Option<string?> Jsonl = new("--jsonl")
    {
        Description = "Append each alert to this file as one JSON object per line",
    };

    private static readonly Option<string?> Webhook = new("--webhook")
    {
        Description = "POST each alert as JSON to this URL (retried with backoff; a failure is reported, not fatal)",
    };

    private static readonly Option<string?> Platform = new("--platform")
    {
        Description = "Platform whose packages from optionalDependencies are scanned with each version: OS-CPU[-musl] or none; default: this machine's",
    };

    private static readonly ResultStoreOptions Store = ResultStoreOptions.Create();

    public static Command Create()
    {
        var command = new Command("watch", "Poll the registry, scan each new version, compare it with the one before and alert on new high or critical behaviour.")
        {
            Packages, List, State, Interval, Once, MinSeverity, Jsonl, Webhook, Platform,
        };
        Store.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!SeverityNames.TryParse(parse.GetValue(MinSeverity), out var minSeverity))
        {
            return CliError.Fail($"unknown severity '{parse.GetValue(MinSeverity)}' for --min-severity (use info, low, medium, high or critical)");
        }

        if (ParseInterval(parse.GetValue(Interval)!) is not { } interval || interval < MinInterval)
        {
            return CliError.Fail($"--interval takes a duration of at least 1m, such as 30m, 1h or 90s (got '{parse.GetValue(Interval)}')");
        }

        Uri? webhook = null;
        if (parse.GetValue(Webhook) is { } webhookText
            && (!Uri.TryCreate(webhookText, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp)))
        {
            return CliError.Fail("--webhook takes an http or https URL");
        }

        WatchPollResult result;
        try
        {
            var listPath = parse.GetValue(List);
            var packages = WatchList.Parse(parse.GetValue(Packages) ?? [], listPath is null ? null : await File.ReadAllTextAsync(listPath, cancellationToken).ConfigureAwait(false), listPath ?? "");
            if (packages.Count == 0)
            {
                return CliError.Fail("nothing to watch: give npm:NAME arguments or --list FILE");
            }

            var platform = parse.GetValue(Platform) is { } platformText ? NpmPlatform.Parse(platformText) : NpmPlatform.Current;
            var options = new WatchOptions
            {
                StatePath = parse.GetValue(State) ?? WatchOptions.DefaultStatePath(),
                Interval = interval,
                Once = parse.GetValue(Once),
                MinSeverity = minSeverity,
                JsonlPath = parse.GetValue(Jsonl),
                WebhookUrl = webhook,
            };
            var (source, store) = TrackingSetup.CreateSource(platform, parse, Store);
            using var opened = store;
            // Alerts and log lines quote package names, versions and finding text from the registry.
            var watcher = new RegistryWatcher(TrackingSetup.CreateRegistry(), source, options,
                new TerminalTextWriter(Console.Out), new TerminalTextWriter(Console.Error), TrackingSetup.WebhookClient);
            result = await watcher.RunAsync(packages, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TargetException or StoreException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return CliError.Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            // The state advances after each version's alerts, so a restart picks up where this stopped.
            return CliError.Cancelled();
        }

        return result.HasIntroduced ? ExitCodes.FindingsAtThreshold : result.Errors.Count > 0 ? ExitCodes.UsageOrInput : ExitCodes.Clean;
    }

    /// <summary><c>90s</c>, <c>30m</c>, <c>1h</c>, <c>1d</c>, or a .NET time span such as <c>00:30:00</c>; null when unreadable.</summary>
    internal static TimeSpan? ParseInterval(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            switch (char.ToLowerInvariant(trimmed[^1]))
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
            }
        }

        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }
}

using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Watching;

/// <summary>
/// Polls the registry for new versions of watched packages, scans each and compares it with the version
/// before it, and alerts on behaviours at or above <see cref="WatchOptions.MinSeverity"/> that appear or
/// disappear: one line on the output, one JSON line in <see cref="WatchOptions.JsonlPath"/>, one POST to
/// <see cref="WatchOptions.WebhookUrl"/>.
/// <list type="bullet">
/// <item>The first time a package is seen, its latest release is recorded without a scan or an alert, since
/// there is nothing to compare it with; later releases are compared with it.</item>
/// <item>New versions are the releases (no prerelease tag) above the last seen one, oldest first; each is
/// compared with the one before it.</item>
/// <item>The state advances after a version's alerts went out, so an interrupted poll can repeat a version's
/// alerts but never lose them. A version that cannot be scanned stops that package for this poll (reported,
/// retried next poll), so no version is ever skipped unseen.</item>
/// </list>
/// </summary>
public sealed class RegistryWatcher
{
    private readonly NpmRegistryClient _registry;
    private readonly IScanSource _source;
    private readonly TextWriter _output;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly AlertDelivery _delivery;

    /// <param name="registry">Where the versions and their dates come from.</param>
    /// <param name="source">Where reports come from; the store-backed source makes the previous version free.</param>
    /// <param name="options">Polling, state and outputs.</param>
    /// <param name="output">Alerts, one line each (standard output in the CLI).</param>
    /// <param name="log">What the watcher is doing and what failed (standard error in the CLI).</param>
    /// <param name="webhookClient">For <see cref="WatchOptions.WebhookUrl"/>; required when it is set.</param>
    /// <param name="time">The clock for dates and the poll interval.</param>
    public RegistryWatcher(NpmRegistryClient registry, IScanSource source, WatchOptions options, TextWriter? output = null, TextWriter? log = null, HttpClient? webhookClient = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _source = source;
        Options = options;
        _output = output ?? TextWriter.Null;
        _log = log ?? TextWriter.Null;
        _time = time ?? TimeProvider.System;
        _delivery = new AlertDelivery(options.JsonlPath, options.WebhookUrl, webhookClient, options);
    }

    public WatchOptions Options { get; }

    /// <summary>Polls once with <see cref="WatchOptions.Once"/>, else until cancelled, <see cref="WatchOptions.Interval"/> apart.</summary>
    /// <returns>What every poll did, together.</returns>
    /// <exception cref="OperationCanceledException">when cancelled while watching (not with <see cref="WatchOptions.Once"/> after its poll).</exception>
    /// <exception cref="InvalidDataException">when the state file cannot be read.</exception>
    public async Task<WatchPollResult> RunAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var total = WatchPollResult.Empty;
        while (true)
        {
            var started = _time.GetTimestamp();
            total = total.Add(await PollOnceAsync(packages, cancellationToken).ConfigureAwait(false));
            if (Options.Once)
            {
                return total;
            }

            var wait = Options.Interval - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One look at every package: new versions scanned, compared and alerted on, the state advanced.</summary>
    public async Task<WatchPollResult> PollOnceAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var state = WatchState.Load(Options.StatePath);
        var result = WatchPollResult.Empty;
        foreach (var package in packages)
        {
            result = result.Add(await PollPackageAsync(state, package, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>
    /// The behaviours at or above the threshold that <paramref name="current"/> has and <paramref name="previous"/>
    /// lacks (introduced), and the reverse (removed), matched by <see cref="FindingIdentity.Key"/>. Both maps hold
    /// only findings at or above the threshold, so a behaviour that rises to it counts as introduced.
    /// </summary>
    internal static (List<Finding> Introduced, List<Finding> Removed) CompareBehaviours(IReadOnlyDictionary<string, Finding> previous, IReadOnlyDictionary<string, Finding> current)
    {
        var introduced = current.Where(c => !previous.ContainsKey(c.Key)).Select(c => c.Value).ToList();
        var removed = previous.Where(p => !current.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        return (introduced, removed);
    }

    private async Task<WatchPollResult> PollPackageAsync(WatchState state, string package, CancellationToken cancellationToken)
    {
        IReadOnlyList<NpmVersionInfo> versions;
        try
        {
            versions = await _registry.GetVersionsAsync(package, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException error)
        {
            return Failed($"npm:{package}: {error.Message}");
        }

        var releases = versions.Where(v => NpmRegistryClient.IsRelease(v.Version)).ToList();
        if (!state.Knows(package))
        {
            var latest = releases.LastOrDefault();
            state.Record(package, latest?.Version, _time.GetUtcNow());
            await LogAsync(latest is null
                ? $"npm:{package}: first seen, no release yet; every release from now on will be compared"
                : $"npm:{package}: first seen at {latest.Version}; recorded without scanning or alerting, later versions are compared with it").ConfigureAwait(false);
            return WatchPollResult.Empty;
        }

        var lastSeen = state.LastSeen(package);
        var fresh = releases.Where(v => lastSeen is null || NpmRegistryClient.CompareVersions(v.Version, lastSeen) > 0).ToList();
        if (fresh.Count == 0)
        {
            await LogAsync($"npm:{package}: nothing newer than {lastSeen ?? "(no release)"}").ConfigureAwait(false);
            return WatchPollResult.Empty;
        }

        // The last seen version may since have been unpublished; then the release just below it stands in.
        var previous = lastSeen is null ? null
            : releases.LastOrDefault(v => NpmRegistryClient.CompareVersions(v.Version, lastSeen) <= 0)?.Version;
        IReadOnlyDictionary<string, Finding>? previousBehaviours = previous is null ? new Dictionary<string, Finding>() : null;
        var events = new List<WatchEvent>();
        var errors = new List<string>();
        var webhookFailures = 0;
        var scanned = 0;
        foreach (var version in fresh)
        {
            await LogAsync($"npm:{package}: new version {version.Version}{(previous is null ? "" : $", comparing with {previous}")}").ConfigureAwait(false);
            previousBehaviours ??= await PreviousBehavioursAsync(package, previous!, errors, cancellationToken).ConfigureAwait(false);
            ScanReport report;
            try
            {
                report = await _source.GetAsync(HistoryRunner.Target(package, version.Version), null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is TargetException or IOException or InvalidDataException)
            {
                var message = $"npm:{package}@{version.Version}: {Artifacts.EntryNames.OneLine(error.Message)}; it will be tried again at the next poll";
                errors.Add(message);
                await LogAsync(message).ConfigureAwait(false);
                break;
            }

            var current = WatchComparison.Behaviours(report, Options.MinSeverity);
            var now = _time.GetUtcNow();
            var found = WatchComparison.Events(package, version, previous, previousBehaviours, current, now);
            foreach (var watchEvent in found)
            {
                webhookFailures += await EmitAsync(watchEvent, cancellationToken).ConfigureAwait(false) ? 0 : 1;
            }

            events.AddRange(found);
            scanned++;
            state.Record(package, version.Version, now);
            previous = version.Version;
            previousBehaviours = current;
        }

        return new WatchPollResult(events, scanned, errors, webhookFailures);
    }

    /// <summary>
    /// The previous version's behaviours. When it cannot be scanned any more (unpublished, say) the new version
    /// is compared with nothing, so all its serious behaviours alert: a false alarm is better than a silent miss.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Finding>> PreviousBehavioursAsync(string package, string previous, List<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            var report = await _source.GetAsync(HistoryRunner.Target(package, previous), null, cancellationToken).ConfigureAwait(false);
            return VersionFindings.ByBehaviour(report, Options.MinSeverity);
        }
        catch (Exception error) when (error is TargetException or IOException or InvalidDataException)
        {
            var message = $"npm:{package}@{previous}: {Artifacts.EntryNames.OneLine(error.Message)}; comparing the next version with nothing";
            errors.Add(message);
            await LogAsync(message).ConfigureAwait(false);
            return new Dictionary<string, Finding>();
        }
    }

    /// <summary>To every output; false when the webhook did not take it.</summary>
    private async Task<bool> EmitAsync(WatchEvent watchEvent, CancellationToken cancellationToken)
    {
        await _output.WriteLineAsync(watchEvent.Summary.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (await _delivery.DeliverAsync(watchEvent.ToJson(), cancellationToken).ConfigureAwait(false) is { } failure)
        {
            await LogAsync(failure).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private WatchPollResult Failed(string message)
    {
        _log.WriteLine(message);
        return new WatchPollResult([], 0, [message], 0);
    }

    private async Task LogAsync(string message)
    {
        await _log.WriteLineAsync(message).ConfigureAwait(false);
        await _log.FlushAsync().ConfigureAwait(false);
    }
}

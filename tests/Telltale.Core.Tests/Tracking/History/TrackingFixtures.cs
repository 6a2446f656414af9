using System.Collections.Concurrent;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking;

namespace Telltale.Tests.Tracking.History;

/// <summary>Hand-built reports and versions for the multi-version tests.</summary>
internal static class TrackingFixtures
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><c>1.0.0</c> … <c>1.0.{count-1}</c>, one a day from <see cref="Epoch"/>.</summary>
    public static List<NpmVersionInfo> Versions(int count) =>
        Enumerable.Range(0, count).Select(i => new NpmVersionInfo($"1.0.{i}", Epoch.AddDays(i))).ToList();

    public static Finding Finding(string ruleId, Severity severity, string evidence, string? title = null, string path = "package/cli.js", int line = 1) => new()
    {
        RuleId = ruleId,
        Title = title ?? $"{ruleId} {evidence}",
        Severity = severity,
        Location = new SourceLocation(path, line, 1, line * 100L),
        Evidence = new Evidence(evidence),
    };

    public static ScanReport Report(string target, params Finding[] findings) => new()
    {
        Target = new ScanTarget(target, null, new string('0', 64), "npm"),
        Findings = findings,
        Statistics = new ScanStatistics(),
        ScannedAt = Epoch,
        ToolVersion = "test",
    };

    /// <summary>The covert channel of the story: critical, keyed by its evidence.</summary>
    public static Finding Channel(int line = 1) => Finding("TT2001", Severity.Critical, "apostrophe channel", "Covert channel in a prompt", line: line);
}

/// <summary>
/// An <see cref="IScanSource"/> that answers <c>npm:NAME@VERSION</c> from a function of the version: a report,
/// or null for a version that cannot be had (a <see cref="TargetException"/>, as a 404 tarball gives).
/// Records what was asked and what finished, and how many scans ran at once.
/// </summary>
internal sealed class FakeScanSource(Func<string, Finding[]?> findings) : IScanSource
{
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<string> Requested { get; } = new();

    public ConcurrentQueue<string> Completed { get; } = new();

    /// <summary>How long a version's scan takes; none by default.</summary>
    public Func<string, TimeSpan>? Delay { get; init; }

    /// <summary>Called as each scan finishes, before it is returned: tests cancel from here.</summary>
    public Action<string>? OnCompleted { get; init; }

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Versions 0..count-1 of <see cref="TrackingFixtures.Versions"/>; <paramref name="present"/> says which have the channel.</summary>
    public static FakeScanSource WithChannelWhere(Func<int, bool> present, Func<int, bool>? fails = null) => new(version =>
    {
        var index = int.Parse(version.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture);
        return fails?.Invoke(index) == true ? null : present(index) ? [TrackingFixtures.Channel()] : [];
    });

    public async Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Requested.Enqueue(target);
        var running = Interlocked.Increment(ref _running);
        for (var max = Volatile.Read(ref _maxRunning); running > max && Interlocked.CompareExchange(ref _maxRunning, running, max) != max; max = Volatile.Read(ref _maxRunning))
        {
        }

        try
        {
            var version = target[(target.LastIndexOf('@') + 1)..];
            if (Delay?.Invoke(version) is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            cancellationToken.ThrowIfCancellationRequested();
            var found = findings(version) ?? throw new TargetException($"tarball not found: {version} (404)");
            Completed.Enqueue(version);
            OnCompleted?.Invoke(version);
            return TrackingFixtures.Report(target, found);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Tracking;
using Telltale.Tracking.History;
using static Telltale.Tests.Tracking.History.TrackingFixtures;

namespace Telltale.Tests.Tracking.History;

public sealed class HistoryRunnerTests
{
    private static Task<VersionTimeline> Run(FakeScanSource source, List<NpmVersionInfo> versions, Severity minSeverity = Severity.Medium, int parallelism = 2, IProgress<HistoryProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new HistoryRunner(source, minSeverity, parallelism).RunAsync("tool", versions, progress, cancellationToken);

    public sealed class TheRunAsyncMethod
    {
        [Fact]
        public async Task Names_the_first_version_with_a_behaviour_and_its_publish_date()
        {
            var versions = Versions(6);
            var source = FakeScanSource.WithChannelWhere(i => i >= 3);

            var timeline = await Run(source, versions);

            var behaviour = Assert.Single(timeline.Behaviours);
            Assert.Equal("1.0.3", behaviour.Introduced.Version);
            Assert.Equal(Epoch.AddDays(3), behaviour.Introduced.PublishedAt);
            Assert.False(behaviour.PresentAtStart);
            Assert.Null(behaviour.FirstAbsent);
            Assert.True(behaviour.PresentAtEnd);
            Assert.Equal((Severity.Critical, "TT2001", "Covert channel in a prompt"), (behaviour.Severity, behaviour.RuleId, behaviour.Title));
            Assert.Equal(FindingIdentity.Key(Channel()), behaviour.Key);
            Assert.All(timeline.Versions.Take(3), v => Assert.Empty(v.Behaviours));
            Assert.All(timeline.Versions.Skip(3), v => Assert.Contains(behaviour.Key, v.Behaviours));
        }

        [Fact]
        public async Task Dates_the_removal_at_the_first_version_without_it()
        {
            var source = FakeScanSource.WithChannelWhere(i => i is >= 2 and <= 4);

            var timeline = await Run(source, Versions(8));

            var behaviour = Assert.Single(timeline.Behaviours);
            Assert.Equal("1.0.2", behaviour.Introduced.Version);
            Assert.Equal("1.0.5", behaviour.FirstAbsent!.Version);
            Assert.Equal(Epoch.AddDays(5), behaviour.FirstAbsent.PublishedAt);
            Assert.Equal("1.0.2–1.0.4", Assert.Single(behaviour.Spans).ToString());
            Assert.False(behaviour.ComesAndGoes);
        }

        [Fact]
        public async Task Records_every_span_of_a_behaviour_that_comes_and_goes()
        {
            var source = FakeScanSource.WithChannelWhere(i => i is 1 or 2 or 5 or 7);

            var timeline = await Run(source, Versions(8));

            var behaviour = Assert.Single(timeline.Behaviours);
            Assert.True(behaviour.ComesAndGoes);
            Assert.Equal(["1.0.1–1.0.2", "1.0.5", "1.0.7"], behaviour.Spans.Select(s => s.ToString()));
            Assert.Equal(["1.0.3", "1.0.6", null], behaviour.Spans.Select(s => s.Until?.Version));
            Assert.Equal("1.0.3", behaviour.FirstAbsent!.Version);
        }

        [Fact]
        public async Task Marks_a_behaviour_of_the_first_version_as_present_at_the_start()
        {
            var source = FakeScanSource.WithChannelWhere(i => i < 2);

            var behaviour = Assert.Single((await Run(source, Versions(4))).Behaviours);

            Assert.True(behaviour.PresentAtStart);
            Assert.Equal("1.0.0", behaviour.Introduced.Version);
            Assert.Equal("1.0.2", behaviour.FirstAbsent!.Version);
        }

        [Fact]
        public async Task Groups_findings_by_what_they_mean_not_where_they_are()
        {
            // Each release of a minified bundle moves the same check elsewhere.
            var source = new FakeScanSource(version => [Channel(line: 10 + version.Length + int.Parse(version[^1..], System.Globalization.CultureInfo.InvariantCulture))]);

            var timeline = await Run(source, Versions(5));

            Assert.Equal("1.0.0", Assert.Single(timeline.Behaviours).Introduced.Version);
        }

        [Fact]
        public async Task Counts_only_findings_at_or_above_the_minimum_severity()
        {
            var source = new FakeScanSource(version => version == "1.0.1"
                ? [Finding("TT1001", Severity.Low, "a list"), Finding("TT1101", Severity.Medium, "a hidden domain")]
                : []);

            var timeline = await Run(source, Versions(3));
            var strict = await Run(source, Versions(3), Severity.High);

            Assert.Equal("TT1101", Assert.Single(timeline.Behaviours).RuleId);
            Assert.Empty(strict.Behaviours);
        }

        [Fact]
        public async Task Orders_behaviours_by_first_appearance_then_severity()
        {
            var source = new FakeScanSource(version => version switch
            {
                "1.0.0" => [Finding("TT1101", Severity.Medium, "late?")],
                "1.0.1" => [Finding("TT1101", Severity.Medium, "late?"), Finding("TT1002", Severity.High, "b"), Channel()],
                _ => [],
            });

            var timeline = await Run(source, Versions(3));

            Assert.Equal(["TT1101", "TT2001", "TT1002"], timeline.Behaviours.Select(b => b.RuleId));
        }

        [Fact]
        public async Task Keeps_version_order_however_the_scans_finish()
        {
            // Earlier versions take longer, so they finish last.
            var source = new FakeScanSource(version => version == "1.0.0" ? [Channel()] : [])
            {
                Delay = version => TimeSpan.FromMilliseconds(80 - (10 * int.Parse(version[^1..], System.Globalization.CultureInfo.InvariantCulture))),
            };

            var timeline = await Run(source, Versions(6), parallelism: 3);

            Assert.Equal(Versions(6).Select(v => v.Version), timeline.Versions.Select(v => v.Info.Version));
            Assert.Equal("1.0.1", Assert.Single(timeline.Behaviours).FirstAbsent!.Version);
            Assert.NotEqual(timeline.Versions.Select(v => v.Info.Version), source.Completed);
        }

        [Fact]
        public async Task Runs_at_most_the_given_number_of_scans_at_once()
        {
            var source = new FakeScanSource(_ => []) { Delay = _ => TimeSpan.FromMilliseconds(20) };

            await Run(source, Versions(12), parallelism: 2);

            Assert.Equal(2, source.MaxRunning);
            Assert.Equal(2, HistoryRunner.DefaultParallelism);
        }

        [Fact]
        public async Task Records_a_version_that_cannot_be_had_and_dates_a_change_across_it_at_the_next_scanned_one()
        {
            var source = FakeScanSource.WithChannelWhere(i => i >= 2, fails: i => i == 2);

            var timeline = await Run(source, Versions(5));

            var failed = Assert.Single(timeline.Versions, v => !v.Scanned);
            Assert.Equal("1.0.2", failed.Info.Version);
            Assert.Contains("404", failed.Error, StringComparison.Ordinal);
            Assert.Equal("1.0.3", Assert.Single(timeline.Behaviours).Introduced.Version);
        }

        [Fact]
        public async Task Reports_each_version_started_and_finished_with_done_and_total()
        {
            var reports = new List<HistoryProgress>();
            var progress = new SynchronousProgress<HistoryProgress>(reports.Add);
            var source = FakeScanSource.WithChannelWhere(_ => false, fails: i => i == 1);

            await Run(source, Versions(3), parallelism: 1, progress: progress);

            Assert.Equal(6, reports.Count);
            Assert.All(reports, r => Assert.Equal(3, r.Total));
            Assert.Equal([1, 2, 3], reports.Where(r => r.Step != HistoryStep.Started).Select(r => r.Done));
            Assert.Equal(HistoryStep.Failed, Assert.Single(reports, r => r.Version == "1.0.1" && r.Step != HistoryStep.Started).Step);
        }

        [Fact]
        public async Task Starts_no_scan_after_cancellation_and_lets_the_finished_ones_stand()
        {
            using var cancellation = new CancellationTokenSource();
            var source = new FakeScanSource(_ => [])
            {
                Delay = _ => TimeSpan.FromMilliseconds(10),
                OnCompleted = version =>
                {
                    if (version == "1.0.3")
                    {
                        cancellation.Cancel();
                    }
                },
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(source, Versions(40), parallelism: 2, cancellationToken: cancellation.Token));

            // What finished was handed over by the source (a store keeps it); at most the one in flight besides was started.
            Assert.Contains("1.0.3", source.Completed);
            Assert.InRange(source.Requested.Count, 4, 6);
            Assert.True(source.Completed.Count <= source.Requested.Count);
        }
    }

    /// <summary>Reports on the caller's thread, so a test sees every report before the run returns.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly object _lock = new();

        public void Report(T value)
        {
            lock (_lock)
            {
                report(value);
            }
        }
    }
}

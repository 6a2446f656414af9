using Telltale.Findings;
using Telltale.Tracking.History;
using static Telltale.Tests.Tracking.History.TrackingFixtures;

namespace Telltale.Tests.Tracking.History;

public sealed class BisectorTests
{
    private const int Count = 250;

    /// <summary>⌈log2 250⌉ + 2: the two ends, then a binary search over 249 gaps.</summary>
    private const int OneBoundaryBound = 10;

    private static readonly BehaviourSelector CriticalChannel = BehaviourSelector.Parse("TT2001", Severity.Critical);

    private static Task<BisectResult> Run(FakeScanSource source, int count = Count, int midpointProbes = Bisector.DefaultMidpointProbes) =>
        new Bisector(source, midpointProbes).RunAsync("tool", Versions(count), CriticalChannel);

    public sealed class TheRunAsyncMethod
    {
        [Theory]
        [InlineData(1)]
        [InlineData(17)]
        [InlineData(124)]
        [InlineData(125)]
        [InlineData(248)]
        [InlineData(249)]
        public async Task Finds_an_introduction_among_250_versions_with_at_most_ceil_log2_n_plus_2_scans(int introducedAt)
        {
            var source = FakeScanSource.WithChannelWhere(i => i >= introducedAt);

            var result = await Run(source);

            Assert.Equal($"1.0.{introducedAt}", result.Introduced!.Version);
            Assert.Equal($"1.0.{introducedAt - 1}", result.LastWithout!.Version);
            Assert.Equal(Epoch.AddDays(introducedAt), result.Introduced.PublishedAt);
            Assert.Null(result.Removed);
            Assert.Equal((false, true), (result.PresentAtStart, result.PresentAtEnd));
            Assert.InRange(result.Scans.Count, 2, OneBoundaryBound);
            Assert.Equal(result.Scans.Count, source.Requested.Distinct().Count());
            Assert.Equal("Covert channel in a prompt", result.Title);
            Assert.Empty(result.Notes);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(100)]
        [InlineData(249)]
        public async Task Finds_a_removal_with_the_same_bound(int removedAt)
        {
            var source = FakeScanSource.WithChannelWhere(i => i < removedAt);

            var result = await Run(source);

            Assert.Equal($"1.0.{removedAt}", result.Removed!.Version);
            Assert.Equal($"1.0.{removedAt - 1}", result.LastWith!.Version);
            Assert.Null(result.Introduced);
            Assert.True(result.PresentAtStart);
            Assert.InRange(result.Scans.Count, 2, OneBoundaryBound);
        }

        [Theory]
        [InlineData(11, 117)]
        [InlineData(100, 160)]
        [InlineData(200, 230)]
        [InlineData(3, 247)]
        public async Task Finds_both_boundaries_when_neither_end_has_it_by_probing_midpoints_first(int from, int until)
        {
            var source = FakeScanSource.WithChannelWhere(i => i >= from && i < until);

            var result = await Run(source);

            Assert.Equal($"1.0.{from}", result.Introduced!.Version);
            Assert.Equal($"1.0.{until}", result.Removed!.Version);
            Assert.Equal($"1.0.{until - 1}", result.LastWith!.Version);
            Assert.Equal((false, false), (result.PresentAtStart, result.PresentAtEnd));
            Assert.InRange(result.Scans.Count, 3, 2 + Bisector.DefaultMidpointProbes + (2 * 8));
            Assert.Contains(result.Notes, n => n.StartsWith("present at neither end: probed midpoints breadth-first (1.0.124", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Scans_the_same_versions_every_time()
        {
            var first = await Run(FakeScanSource.WithChannelWhere(i => i is >= 40 and < 90));
            var second = await Run(FakeScanSource.WithChannelWhere(i => i is >= 40 and < 90));

            Assert.Equal(first.Scans.Select(s => s.Version.Version), second.Scans.Select(s => s.Version.Version));
            Assert.Equal(["1.0.0", "1.0.249"], first.Scans.Take(2).Select(s => s.Version.Version));
        }

        [Fact]
        public async Task Says_so_when_both_ends_have_it_and_scans_nothing_more()
        {
            var source = FakeScanSource.WithChannelWhere(_ => true);

            var result = await Run(source);

            Assert.Equal(2, result.Scans.Count);
            Assert.Null(result.Introduced);
            Assert.Null(result.Removed);
            Assert.StartsWith("present at both ends", Assert.Single(result.Notes), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Says_so_when_no_probed_midpoint_has_it()
        {
            var source = FakeScanSource.WithChannelWhere(i => i == 3);

            var result = await Run(source);

            Assert.False(result.Found);
            Assert.Equal(2 + Bisector.DefaultMidpointProbes, result.Scans.Count);
            Assert.Contains("narrow --range", Assert.Single(result.Notes), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Steps_over_a_version_that_cannot_be_scanned_and_names_it()
        {
            // 1.0.124 is the first midpoint; the search takes its neighbour instead.
            var source = FakeScanSource.WithChannelWhere(i => i >= 60, fails: i => i == 124);

            var result = await Run(source);

            Assert.Equal("1.0.60", result.Introduced!.Version);
            Assert.Equal("1.0.59", result.LastWithout!.Version);
            var failed = Assert.Single(result.Scans, s => s.Present is null);
            Assert.Equal("1.0.124", failed.Version.Version);
            Assert.Contains(result.Notes, n => n.StartsWith("could not scan 1.0.124: tarball not found", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Gives_a_bracket_when_the_versions_at_the_boundary_cannot_be_scanned()
        {
            var source = FakeScanSource.WithChannelWhere(i => i >= 5, fails: i => i is 4 or 5);

            var result = await Run(source, count: 10);

            Assert.Equal(("1.0.3", "1.0.6"), (result.LastWithout!.Version, result.Introduced!.Version));
            Assert.Contains(result.Notes, n => n.Contains("between 1.0.3 and 1.0.6 no version could be scanned", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Starts_from_the_nearest_scannable_version_when_an_end_cannot_be_scanned()
        {
            var source = FakeScanSource.WithChannelWhere(i => i >= 7, fails: i => i is 0 or 19);

            var result = await Run(source, count: 20);

            Assert.Equal("1.0.7", result.Introduced!.Version);
            Assert.Contains(result.Notes, n => n.Contains("the search ran from 1.0.1 to 1.0.18", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Handles_a_range_of_one_version()
        {
            var result = await Run(FakeScanSource.WithChannelWhere(_ => true), count: 1);

            Assert.Single(result.Scans);
            Assert.True(result.PresentAtStart);
        }

        [Fact]
        public async Task Stops_when_cancelled()
        {
            using var cancellation = new CancellationTokenSource();
            var source = new FakeScanSource(_ => []) { OnCompleted = _ => cancellation.Cancel() };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new Bisector(source).RunAsync("tool", Versions(Count), CriticalChannel, null, cancellation.Token));
            Assert.InRange(source.Requested.Count, 1, 3);
        }
    }

    public sealed class TheMaxScansMethod
    {
        [Fact]
        public void Bounds_a_bisection_for_a_progress_bar()
        {
            var bisector = new Bisector(new FakeScanSource(_ => []));

            Assert.Equal(2 + 15 + 16, bisector.MaxScans(Count));
            Assert.Equal(1, bisector.MaxScans(1));
        }
    }
}

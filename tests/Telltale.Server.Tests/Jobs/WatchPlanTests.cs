using Telltale.Artifacts;
using Telltale.Tracking.Watching;

namespace Telltale.Tests.Jobs;

public sealed class WatchPlanTests
{
    [Fact]
    public void A_watch_covers_the_releases_in_its_range_or_from_its_baseline_on()
    {
        NpmVersionInfo[] published = [new("0.9.0", null), new("1.0.0", null), new("1.1.0-rc.1", null), new("1.1.0", null), new("2.0.0", null)];

        Assert.Equal(["1.0.0", "1.1.0"], WatchPlan.Versions(published, "^1.0.0", null).Select(v => v.Version));
        Assert.Equal(["1.1.0", "2.0.0"], WatchPlan.Versions(published, null, "1.1.0").Select(v => v.Version));
        Assert.Equal(["2.0.0"], WatchPlan.Versions(published, null, null).Select(v => v.Version));
        Assert.True(WatchPlan.IsRange(">=1.0.0 <2"));
        Assert.False(WatchPlan.IsRange("not a range"));
    }
}

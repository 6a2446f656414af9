using Telltale.Probing;
using static Telltale.Tests.Probing.ProbeRuns;

namespace Telltale.Tests.Probing;

/// <summary>
/// Dates a tool reads from its own clock: the same honest "today" is a different date in Shanghai than in UTC for
/// eight hours a day, and a repeat can cross midnight. None of that may show as a difference, whenever the probe runs.
/// </summary>
public sealed class ClockDatesTests
{
    // 17:30 UTC on 6 December is 01:30 on 7 December in Shanghai.
    private static readonly DateTimeOffset Evening = new(2026, 12, 6, 17, 30, 0, TimeSpan.Zero);

    private static IEnumerable<ProbeRun> Runs(string variant, IReadOnlyDictionary<string, string> environment, Func<int, DateTimeOffset, string> text, params DateTimeOffset[] moments) =>
        Repeats(variant, environment, repeat =>
        {
            var at = moments[Math.Min(repeat, moments.Length - 1)];
            return [Request(1, MessagesBody(["system"], text(repeat, at))) with { ReceivedAt = at }];
        });

    private static string Today(DateTimeOffset at, string zone, string format = "yyyy-MM-dd") =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("yyyy-MM-dd")]
    [InlineData("d/M/yyyy")]
    [InlineData("M/d/yyyy")]
    [InlineData("ddd MMM dd yyyy")]
    [InlineData("dddd, MMMM d, yyyy")]
    public void Reports_no_difference_for_the_local_date_under_another_time_zone(string format)
    {
        var runs = Runs("baseline", Environment(), (_, at) => $"Today is {Today(at, "UTC", format)}.", Evening)
            .Concat(Runs("shanghai", Environment(("TZ", "Asia/Shanghai")), (_, at) => $"Today is {Today(at, "Asia/Shanghai", format)}.", Evening))
            .ToList();
        Assert.NotEqual(runs[0].Requests[0].Body, runs[2].Requests[0].Body);

        var result = ProbeComparison.Compare(runs);

        Assert.Empty(result.Differences);
        Assert.Empty(result.Noise);
    }

    [Fact]
    public void Keeps_a_separator_that_only_the_time_zone_variant_writes()
    {
        var runs = Runs("baseline", Environment(), (_, at) => $"Today is {Today(at, "UTC")}.", Evening)
            .Concat(Runs("shanghai", Environment(("TZ", "Asia/Shanghai")), (_, at) => $"Today is {Today(at, "Asia/Shanghai", "yyyy/MM/dd")}.", Evening))
            .ToList();

        var result = ProbeComparison.Compare(runs);

        var difference = Assert.Single(result.Differences);
        Assert.Equal([("-", "/"), ("-", "/")], difference.Changes.Select(c => (c.OldText, c.NewText)));
        Assert.Equal("TZ=Asia/Shanghai", difference.Attribution.ToString());
        Assert.Contains("2026/12/06", difference.VariantExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Treats_repeats_on_either_side_of_midnight_as_the_same_value()
    {
        var beforeMidnight = new DateTimeOffset(2026, 12, 6, 23, 59, 58, TimeSpan.Zero);
        var afterMidnight = beforeMidnight.AddSeconds(4);
        var runs = Runs("baseline", Environment(), (_, at) => $"Today is {Today(at, "UTC")}.", beforeMidnight, afterMidnight)
            .Concat(Runs("locale", Environment(("LANG", "de_DE.UTF-8")), (_, at) => $"Today is {Today(at, "UTC")}.", afterMidnight))
            .ToList();

        var result = ProbeComparison.Compare(runs);

        Assert.Empty(result.Noise);
        Assert.Empty(result.Differences);
    }

    [Fact]
    public void Still_reports_a_date_that_is_not_the_runs_own_clock()
    {
        var runs = Runs("baseline", Environment(), (_, _) => "Release 2026-03-01.", Evening)
            .Concat(Runs("shanghai", Environment(("TZ", "Asia/Shanghai")), (_, _) => "Release 2026-03-02.", Evening))
            .ToList();

        var result = ProbeComparison.Compare(runs);

        var difference = Assert.Single(result.Differences);
        Assert.Equal(("1", "2"), (difference.Changes[0].OldText, difference.Changes[0].NewText));
    }

    [Fact]
    public void Leaves_digits_that_only_contain_a_clock_date_alone()
    {
        var runs = Runs("baseline", Environment(), (_, _) => "build 12026-12-070", Evening)
            .Concat(Runs("shanghai", Environment(("TZ", "Asia/Shanghai")), (_, _) => "build 12026-12-071", Evening))
            .ToList();

        var result = ProbeComparison.Compare(runs);

        Assert.Single(result.Differences);
    }
}

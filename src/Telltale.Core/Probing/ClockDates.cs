using System.Globalization;

namespace Telltale.Probing;

/// <summary>
/// Writes every date a run read from its own clock as one common date, before runs are compared. A tool that
/// honestly says "today is …" sends a different date under <c>TZ=Asia/Shanghai</c> than under UTC for eight hours
/// of every day, and a repeat that straddles midnight sends a different date than the one before it; neither is
/// something the environment hides in the request, and reporting either would make a probe's verdict depend on
/// the hour it ran.
/// <para>
/// A run's clock dates are the local dates, in the run's own time zone (its <c>TZ</c>, else the probe's base
/// <c>UTC</c>), of the moments its requests arrived. Each is recognised in the numeric orders and separators
/// (<c>-</c>, <c>/</c>, <c>.</c>) and the English spellings that runtimes print, bounded by non-digits, and replaced
/// by the same rendering of the common date: the baseline's local date at the earliest moment of the probe. The
/// rendering is kept, so a change of separator or order still shows as the change it is. A date that matches two
/// renderings (day equal to month) takes the first, year-first then day-first.
/// </para>
/// </summary>
internal static class ClockDates
{
    /// <summary>The time zone of a run that sets none, as the probe's clean base environment does.</summary>
    public const string BaseTimeZone = "UTC";

    private const string TimeZoneVariable = "TZ";

    private static readonly string[] Renderings = BuildRenderings();

    /// <summary>The runs with their clock dates written as the common date; runs without requests are kept as they are.</summary>
    public static IReadOnlyList<ProbeRun> Normalise(IReadOnlyList<ProbeRun> runs, string baselineVariant)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var moments = runs.SelectMany(run => run.Requests).Select(request => request.ReceivedAt).ToArray();
        if (moments.Length == 0)
        {
            return runs;
        }

        var baselineZone = runs.FirstOrDefault(run => run.Variant == baselineVariant) is { } baseline ? ZoneOf(baseline) : null;
        if (baselineZone is null)
        {
            return runs;
        }

        var common = LocalDate(moments.Min(), baselineZone);
        return [.. runs.Select(run => Normalise(run, common))];
    }

    private static ProbeRun Normalise(ProbeRun run, DateOnly common)
    {
        if (ZoneOf(run) is not { } zone || run.Requests.Count == 0)
        {
            return run;
        }

        var replacements = Replacements(run.Requests.Select(request => LocalDate(request.ReceivedAt, zone)).Distinct(), common);
        if (replacements.Count == 0)
        {
            return run;
        }

        return run with
        {
            Requests = [.. run.Requests.Select(request => request with
            {
                Path = Rewrite(request.Path, replacements),
                Body = Rewrite(request.Body, replacements),
                Headers = request.Headers.ToDictionary(h => h.Key, h => Rewrite(h.Value, replacements), StringComparer.Ordinal),
            })],
        };
    }

    /// <summary>Each rendering of each clock date that differs from the same rendering of the common date.</summary>
    private static List<(string Clock, string Common)> Replacements(IEnumerable<DateOnly> clockDates, DateOnly common)
    {
        var replacements = new List<(string Clock, string Common)>();
        foreach (var date in clockDates.Where(date => date != common))
        {
            foreach (var format in Renderings)
            {
                var clock = date.ToString(format, CultureInfo.InvariantCulture);
                if (replacements.TrueForAll(r => r.Clock != clock))
                {
                    replacements.Add((clock, common.ToString(format, CultureInfo.InvariantCulture)));
                }
            }
        }

        // Longest first, so that "2026-12-07" is taken whole before a shorter rendering could match inside it.
        replacements.Sort((a, b) => b.Clock.Length.CompareTo(a.Clock.Length));
        return replacements;
    }

    private static string Rewrite(string text, List<(string Clock, string Common)> replacements)
    {
        foreach (var (clock, common) in replacements)
        {
            var at = text.IndexOf(clock, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var rewritten = new System.Text.StringBuilder(text.Length);
            var copied = 0;
            for (; at >= 0; at = text.IndexOf(clock, at + 1, StringComparison.Ordinal))
            {
                var end = at + clock.Length;
                var bounded = (at == 0 || !char.IsAsciiDigit(text[at - 1])) && (end == text.Length || !char.IsAsciiDigit(text[end]));
                if (bounded && at >= copied)
                {
                    rewritten.Append(text, copied, at - copied).Append(common);
                    copied = end;
                }
            }

            text = rewritten.Append(text, copied, text.Length - copied).ToString();
        }

        return text;
    }

    private static TimeZoneInfo? ZoneOf(ProbeRun run)
    {
        var name = run.Environment.GetValueOrDefault(TimeZoneVariable, BaseTimeZone).TrimStart(':');
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
    }

    private static DateOnly LocalDate(DateTimeOffset moment, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime);

    private static string[] BuildRenderings()
    {
        string[] orders = ["yyyy{0}MM{0}dd", "yyyy{0}M{0}d", "dd{0}MM{0}yyyy", "d{0}M{0}yyyy", "MM{0}dd{0}yyyy", "M{0}d{0}yyyy"];
        string[] separators = ["-", "/", "."];
        var numeric = orders.SelectMany(order => separators.Select(separator => string.Format(CultureInfo.InvariantCulture, order, "'" + separator + "'")));

        // Date.prototype.toDateString, toLocaleDateString("en-US", { dateStyle: "full" | "long" | "medium" }), en-GB long.
        string[] spelled = ["ddd MMM dd yyyy", "dddd, MMMM d, yyyy", "MMMM d, yyyy", "MMM d, yyyy", "d MMMM yyyy", "dddd d MMMM yyyy"];
        return [.. numeric, .. spelled];
    }
}

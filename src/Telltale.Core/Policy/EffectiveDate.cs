namespace Telltale.Policy;

/// <summary>
/// When an entry takes force: the start of <see cref="Date"/> in <see cref="TimeZone"/> (an IANA name), plus an
/// optional grace period in days during which a check still only warns.
/// </summary>
public sealed record EffectiveDate(DateOnly Date, string TimeZone, int GraceDays = 0)
{
    /// <summary>The first day a check fails: <see cref="Date"/> plus the grace period.</summary>
    public DateOnly EnforcedFrom => Date.AddDays(GraceDays);

    /// <summary>The instant <see cref="EnforcedFrom"/> begins in the entry's time zone.</summary>
    public DateTimeOffset EnforcedAt => StartOf(EnforcedFrom);

    /// <summary>The instant <see cref="Date"/> begins in the entry's time zone.</summary>
    public DateTimeOffset TakesEffectAt => StartOf(Date);

    /// <summary>The calendar day it is at <paramref name="now"/> in the entry's time zone.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day that starts in a DST gap starts at the first valid instant after midnight.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}

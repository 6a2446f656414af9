namespace Telltale.Tracking.Watching;

/// <summary>What one or more polls did.</summary>
/// <param name="Events">Every alert, in the order it was emitted.</param>
/// <param name="NewVersions">Versions scanned and compared.</param>
/// <param name="Errors">Packages or versions that could not be read or scanned, one printable line each.</param>
/// <param name="WebhookFailures">Alerts the webhook did not take after its retries.</param>
public sealed record WatchPollResult(IReadOnlyList<WatchEvent> Events, int NewVersions, IReadOnlyList<string> Errors, int WebhookFailures)
{
    public static WatchPollResult Empty { get; } = new([], 0, [], 0);

    public bool HasIntroduced => Events.Any(e => e.Kind == WatchEventKind.Introduced);

    public WatchPollResult Add(WatchPollResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new([.. Events, .. other.Events], NewVersions + other.NewVersions, [.. Errors, .. other.Errors], WebhookFailures + other.WebhookFailures);
    }
}

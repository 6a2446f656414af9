namespace Telltale.Team;

/// <summary>
/// One <c>name@version</c> of a watch, claimed by the poll that found it so it is queued once: its scan, its comparison
/// with the version before it, and how often a job ran it.
/// </summary>
public sealed record WatchedVersion
{
    public required long Id { get; init; }

    public required long WatchId { get; init; }

    public required string Package { get; init; }

    public required string Version { get; init; }

    /// <summary>The version before it in the watch, which it is compared with; null for the first, which is never compared.</summary>
    public string? PreviousVersion { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public required string Platform { get; init; }

    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>
    /// The poll job that claimed it, when a job did: if that poll dies between the claim and the enqueue, its next attempt
    /// (the same job, given to another worker) finds the claim its own and enqueues it.
    /// </summary>
    public string? ClaimedBy { get; init; }

    /// <summary>The background job that scans it; null between the claim and the enqueue (a poll that died there is repaired by its next attempt, or by the next poll).</summary>
    public string? JobId { get; init; }

    /// <summary>When a job finished with its report stored; null before.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>How many jobs made a fresh scan of it (not read back from the store): one when all went well.</summary>
    public required int Scans { get; init; }

    /// <summary>How many jobs ran to completion on it.</summary>
    public required int Runs { get; init; }

    /// <summary>Whether its comparison with <see cref="PreviousVersion"/> was made and its alerts recorded.</summary>
    public required bool Compared { get; init; }

    /// <summary>Why it could not be scanned after every retry; null unless it failed.</summary>
    public string? Failure { get; init; }
}

namespace Telltale.Probing.Evidence;

/// <summary>Each recorded channel, confirmed or not reproduced, and the channels the replay found that the bundle does not record.</summary>
public sealed record ReplayVerdict(IReadOnlyList<ReplayedChannel> Recorded, IReadOnlyList<ChannelSignature> New)
{
    /// <summary>Every recorded channel confirmed and none new: the finding stands as published.</summary>
    public bool Reproduced => Recorded.All(c => c.Confirmed) && New.Count == 0;
}

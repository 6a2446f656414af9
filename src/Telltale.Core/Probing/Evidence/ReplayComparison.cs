namespace Telltale.Probing.Evidence;

/// <summary>Sets the channels a replay found beside those a bundle records.</summary>
public static class ReplayComparison
{
    /// <summary>
    /// A recorded channel is confirmed when an equal one (<see cref="ChannelSignature"/>) was found; each found channel
    /// confirms at most one recorded channel, and those left over are new.
    /// </summary>
    public static ReplayVerdict Compare(IReadOnlyList<ChannelSignature> recorded, IReadOnlyList<ChannelSignature> found)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(found);
        var unmatched = found.ToList();
        var verdicts = new List<ReplayedChannel>();
        foreach (var channel in recorded)
        {
            var index = unmatched.IndexOf(channel);
            if (index >= 0)
            {
                unmatched.RemoveAt(index);
            }

            verdicts.Add(new ReplayedChannel(channel, index >= 0));
        }

        return new ReplayVerdict(verdicts, unmatched);
    }
}

namespace Telltale.Probing.Evidence;

/// <summary>A recorded channel and whether the replay found it again, the same in every respect <see cref="ChannelSignature"/> compares.</summary>
public sealed record ReplayedChannel(ChannelSignature Channel, bool Confirmed);

namespace Telltale.Gateway;

/// <summary>
/// A client that has now written its dates in more than one form: every form it used so far with its request count, and
/// the form this request added. One client version writing one date two ways, on different machines or at different
/// times, is what the seeds' separator channel looks like from the wire.
/// </summary>
public sealed record DateFormVariation(string Client, string NewForm, IReadOnlyList<DateFormCount> Forms);

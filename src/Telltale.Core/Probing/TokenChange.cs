namespace Telltale.Probing;

/// <summary>
/// A code-point change, widened to a whole high-entropy token when it falls inside one on both sides.
/// <see cref="IsTokenChange"/> marks a change that may be derived from the rest of the request (a hash or
/// signature of the body) rather than carry a message of its own.
/// </summary>
internal sealed record TokenChange(CodePointChange Change, bool IsTokenChange);

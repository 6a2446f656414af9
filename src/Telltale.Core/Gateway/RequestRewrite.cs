namespace Telltale.Gateway;

/// <summary>
/// What <see cref="LlmRequestRewriter"/> made of a request body: the bytes to forward (the original ones when
/// <see cref="Outcome"/> is <see cref="RewriteOutcome.Unchanged"/>, none when it is refused), the changes, and the
/// refusal if there is one.
/// </summary>
public sealed record RequestRewrite(
    RewriteOutcome Outcome, ApiShape Shape, ReadOnlyMemory<byte> Body, IReadOnlyList<FieldTextChange> Changes, RequestRefusal? Refusal)
{
    /// <summary>
    /// The body as the client meant it, content encodings taken off, before any change: what observers (date forms,
    /// claims, <c>--log-bodies</c>) read, so the body is decoded once. Empty when refused or not an API request.
    /// </summary>
    public ReadOnlyMemory<byte> Decoded { get; init; }

    public static RequestRewrite Unchanged(ApiShape shape, ReadOnlyMemory<byte> body) => new(RewriteOutcome.Unchanged, shape, body, [], null) { Decoded = body };

    public static RequestRewrite Refused(ApiShape shape, RefusalKind kind, string reason) =>
        new(RewriteOutcome.Refused, shape, ReadOnlyMemory<byte>.Empty, [], new RequestRefusal(kind, reason));
}

namespace Telltale.Gateway;

/// <summary>
/// What <see cref="LlmRequestRewriter"/> made of a request body: the bytes to forward (the original ones when
/// <see cref="Outcome"/> is <see cref="RewriteOutcome.Unchanged"/>, none when it is refused), the changes, and the
/// refusal if there is one.
/// </summary>
public sealed record RequestRewrite(
    RewriteOutcome Outcome, ApiShape Shape, ReadOnlyMemory<byte> Body, IReadOnlyList<FieldTextChange> Changes, RequestRefusal? Refusal)
{
    public static RequestRewrite Unchanged(ApiShape shape, ReadOnlyMemory<byte> body) => new(RewriteOutcome.Unchanged, shape, body, [], null);

    public static RequestRewrite Refused(ApiShape shape, RefusalKind kind, string reason) =>
        new(RewriteOutcome.Refused, shape, ReadOnlyMemory<byte>.Empty, [], new RequestRefusal(kind, reason));
}

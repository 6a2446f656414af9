namespace Telltale.Gateway;

/// <summary>A request body read whole by <see cref="LimitedBodyReader"/>, or why it was not.</summary>
public sealed record ReceivedBody(ReadOnlyMemory<byte> Body, RequestRefusal? Refusal);

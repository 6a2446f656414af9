namespace Telltale.Gateway;

/// <summary>
/// A request body with its content encodings taken off: the bytes, the encodings in the order they were applied
/// (to put them back with <see cref="ContentEncodingCodec.Encode"/>), or why it could not be decoded.
/// </summary>
public sealed record DecodedBody(ReadOnlyMemory<byte> Body, IReadOnlyList<string> Encodings, RequestRefusal? Refusal);

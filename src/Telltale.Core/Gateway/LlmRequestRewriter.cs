using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Telltale.Gateway;

/// <summary>
/// Rewrites the client-written text of an LLM API request (Anthropic Messages, OpenAI Chat Completions and Responses)
/// with <see cref="PromptTextNormaliser"/>, all or nothing: either every byte is the original, or only the changed
/// strings differ (spliced in by their offsets, nothing re-serialised), or the body is refused with a reason and
/// nothing is forwarded. Which fields are rewritten, and which are not and why, is in <see cref="ClientTextFields"/>.
/// </summary>
public static class LlmRequestRewriter
{
    private static readonly (string Suffix, ApiShape Shape)[] Routes =
    [
        ("/v1/messages", ApiShape.AnthropicMessages),
        ("/v1/chat/completions", ApiShape.OpenAiChatCompletions),
        ("/v1/responses", ApiShape.OpenAiResponses),
    ];

    // What a JSON string must escape: the quote, the backslash and the C0 controls.
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    /// <summary>The shape a request path names, with any prefix (<c>/anthropic/v1/messages</c>) and query string allowed.</summary>
    public static ApiShape ShapeOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.IndexOfAny(['?', '#']);
        var bare = (end < 0 ? path : path[..end]).TrimEnd('/');
        foreach (var (suffix, shape) in Routes)
        {
            if (bare.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return shape;
            }
        }

        return ApiShape.Unknown;
    }

    /// <summary>
    /// Decodes a body sent with <paramref name="contentEncoding"/>, rewrites it, and encodes the result the same way.
    /// An unchanged body is returned as it was sent, still compressed, byte for byte.
    /// </summary>
    public static RequestRewrite Rewrite(
        string path, ReadOnlyMemory<byte> body, string? contentEncoding, NormaliseOptions? options = null, GatewayLimits? limits = null)
    {
        limits ??= GatewayLimits.Default;
        var shape = ShapeOf(path);
        if (shape == ApiShape.Unknown)
        {
            // Still encoded, and not an API request: nothing to observe.
            return RequestRewrite.Unchanged(shape, body) with { Decoded = ReadOnlyMemory<byte>.Empty };
        }

        if (body.Length > limits.MaxBodyBytes)
        {
            return RequestRewrite.Refused(shape, RefusalKind.TooLarge, $"body of {body.Length} bytes is over the limit of {limits.MaxBodyBytes}");
        }

        var decoded = ContentEncodingCodec.Decode(body, contentEncoding, limits.MaxDecodedBytes);
        if (decoded.Refusal is { } refusal)
        {
            return RequestRewrite.Refused(shape, refusal.Kind, refusal.Reason);
        }

        var rewrite = Rewrite(path, decoded.Body, options, limits with { MaxBodyBytes = limits.MaxDecodedBytes });
        return rewrite.Outcome switch
        {
            RewriteOutcome.Unchanged => rewrite with { Body = body },
            RewriteOutcome.Rewritten => rewrite with { Body = ContentEncodingCodec.Encode(rewrite.Body.Span, decoded.Encodings) },
            _ => rewrite,
        };
    }

    /// <summary>Rewrites an identity-encoded (uncompressed) JSON body.</summary>
    public static RequestRewrite Rewrite(string path, ReadOnlyMemory<byte> body, NormaliseOptions? options = null, GatewayLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= NormaliseOptions.Default;
        limits ??= GatewayLimits.Default;
        var shape = ShapeOf(path);
        if (shape == ApiShape.Unknown)
        {
            return RequestRewrite.Unchanged(shape, body);
        }

        if (body.Length > limits.MaxBodyBytes)
        {
            return RequestRewrite.Refused(shape, RefusalKind.TooLarge, $"body of {body.Length} bytes is over the limit of {limits.MaxBodyBytes}");
        }

        if (!Utf8.IsValid(body.Span))
        {
            return RequestRewrite.Refused(shape, RefusalKind.InvalidUtf8, "the body is not valid UTF-8");
        }

        // Parsing checks the syntax, the depth and duplicate properties; the reader pass that says precisely what is
        // wrong runs only when parsing fails, or when a property name has escapes (one escaping a lone surrogate is
        // refused, and parsing does not decode names). On a well-formed body it would only read every byte again.
        // JsonDocument takes a depth of 0 for its default of 64, so a limit below 1 is left to the reader pass.
        if (limits.MaxDepth < 1 && JsonStringLocator.Validate(body.Span, limits.MaxDepth) is { } tooDeep)
        {
            return RequestRewrite.Refused(shape, tooDeep.Kind, tooDeep.Reason);
        }

        Dictionary<string, NormalisedText> changed;
        try
        {
            // Duplicate properties are refused: the gateway would clean one copy and the upstream might read the other.
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxDepth, AllowDuplicateProperties = false });
            if (HasEscapedPropertyName(document.RootElement) && JsonStringLocator.Validate(body.Span, limits.MaxDepth) is { } invalidName)
            {
                return RequestRewrite.Refused(shape, invalidName.Kind, invalidName.Reason);
            }

            changed = NormaliseFields(shape, document.RootElement, options);
        }
        catch (JsonException e)
        {
            if (JsonStringLocator.Validate(body.Span, limits.MaxDepth) is { } invalid)
            {
                return RequestRewrite.Refused(shape, invalid.Kind, invalid.Reason);
            }

            // The syntax and the depth pass the reader, so this is the duplicate-property check.
            return RequestRewrite.Refused(shape, RefusalKind.DuplicateProperty,
                $"an object has the same property twice (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line)");
        }
        catch (InvalidOperationException)
        {
            if (JsonStringLocator.Validate(body.Span, limits.MaxDepth) is { } invalid)
            {
                return RequestRewrite.Refused(shape, invalid.Kind, invalid.Reason);
            }

            // Refusal reasons never quote the body: it may hold controls and invisibles meant for a log or a terminal.
            return RequestRewrite.Refused(shape, RefusalKind.InvalidText, "a client-written string escapes a lone surrogate");
        }

        if (changed.Count == 0)
        {
            return RequestRewrite.Unchanged(shape, body);
        }

        var ranges = JsonStringLocator.Locate(body.Span, limits.MaxDepth, changed.Keys.ToHashSet(StringComparer.Ordinal));
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        var changes = new List<FieldTextChange>(changed.Values.Sum(n => n.Changes.Count));
        var copied = 0;
        foreach (var (fieldPath, range) in ranges.OrderBy(r => r.Value.Start.Value))
        {
            var (start, end) = (range.Start.Value, range.End.Value);
            output.Write(body.Span[copied..start]);
            var normalised = changed[fieldPath];
            WriteJsonString(normalised.Text, output);
            copied = end;
            var display = JsonStringLocator.Display(fieldPath);
            foreach (var change in normalised.Changes)
            {
                changes.Add(new FieldTextChange(display, start, change));
            }
        }

        output.Write(body.Span[copied..]);
        return new RequestRewrite(RewriteOutcome.Rewritten, shape, output.WrittenMemory, changes, null) { Decoded = body };
    }

    /// <summary>The client-written strings that the normaliser changes, by path.</summary>
    private static Dictionary<string, NormalisedText> NormaliseFields(ApiShape shape, JsonElement root, NormaliseOptions options)
    {
        var changed = new Dictionary<string, NormalisedText>(StringComparer.Ordinal);
        foreach (var (path, value) in ClientTextFields.Of(shape, root))
        {
            if (IsPlainAscii(JsonMarshal.GetRawUtf8Value(value)))
            {
                // Decoding it would only find ASCII, which the normaliser never changes.
                continue;
            }

            var text = value.GetString() ?? "";
            var normalised = PromptTextNormaliser.Normalise(text, options);
            if (normalised.Changed)
            {
                changed[path] = normalised;
            }
        }

        return changed;
    }

    private static bool HasEscapedPropertyName(JsonElement root)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (JsonMarshal.GetRawUtf8PropertyName(property).Contains((byte)'\\'))
                    {
                        return true;
                    }

                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        pending.Push(property.Value);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        pending.Push(item);
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when the raw string token can only decode to ASCII, which the normaliser never changes: ASCII bytes whose
    /// <c>\uXXXX</c> escapes are all below U+0080 (System.Text.Json and Python escape <c>'</c>, <c>&lt;</c>, <c>&amp;</c>
    /// that way). A lone surrogate escape is not ASCII, so <see cref="JsonElement.GetString"/> still refuses it. An
    /// escaped backslash before a <c>u</c> may be taken for an escape; that only costs a decode.
    /// </summary>
    private static bool IsPlainAscii(ReadOnlySpan<byte> rawString)
    {
        if (!Ascii.IsValid(rawString))
        {
            return false;
        }

        var rest = rawString;
        for (var escape = rest.IndexOf("\\u"u8); escape >= 0; escape = rest.IndexOf("\\u"u8))
        {
            var hex = rest[(escape + 2)..];
            if (hex.Length < 4 || hex[0] != '0' || hex[1] != '0' || hex[2] is < (byte)'0' or > (byte)'7')
            {
                return false;
            }

            rest = hex;
        }

        return true;
    }

    /// <summary>A JSON string token escaping only what JSON requires, so the rest of the text stays readable UTF-8.</summary>
    private static void WriteJsonString(string text, ArrayBufferWriter<byte> output)
    {
        output.Write("\""u8);
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var escape = rest.IndexOfAny(MustEscape);
            var plain = escape < 0 ? rest : rest[..escape];
            output.Advance(Encoding.UTF8.GetBytes(plain, output.GetSpan(Encoding.UTF8.GetByteCount(plain))));
            if (escape < 0)
            {
                break;
            }

            var c = rest[escape];
            switch (c)
            {
                case '"':
                    output.Write("\\\""u8);
                    break;
                case '\\':
                    output.Write("\\\\"u8);
                    break;
                case '\n':
                    output.Write("\\n"u8);
                    break;
                case '\r':
                    output.Write("\\r"u8);
                    break;
                case '\t':
                    output.Write("\\t"u8);
                    break;
                default:
                    var hex = output.GetSpan(6);
                    "\\u00"u8.CopyTo(hex);
                    hex[4] = HexDigits[c >> 4];
                    hex[5] = HexDigits[c & 0xF];
                    output.Advance(6);
                    break;
            }

            rest = rest[(escape + 1)..];
        }

        output.Write("\""u8);
    }
}

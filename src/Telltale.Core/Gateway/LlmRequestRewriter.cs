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
            return RequestRewrite.Unchanged(shape, body);
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

        if (JsonStringLocator.Validate(body.Span, limits.MaxDepth) is { } invalid)
        {
            return RequestRewrite.Refused(shape, invalid.Kind, invalid.Reason);
        }

        Dictionary<string, NormalisedText> changed;
        try
        {
            changed = NormaliseFields(shape, body, options, limits.MaxDepth);
        }
        catch (JsonException e)
        {
            // The syntax passed the first pass, so this is the duplicate-property check.
            return RequestRewrite.Refused(shape, RefusalKind.DuplicateProperty,
                $"an object has the same property twice (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line)");
        }
        catch (InvalidOperationException)
        {
            // Refusal reasons never quote the body: it may hold controls and invisibles meant for a log or a terminal.
            return RequestRewrite.Refused(shape, RefusalKind.InvalidText, "a client-written string escapes a lone surrogate");
        }

        if (changed.Count == 0)
        {
            return RequestRewrite.Unchanged(shape, body);
        }

        var ranges = JsonStringLocator.Locate(body.Span, limits.MaxDepth, changed.Keys.ToHashSet(StringComparer.Ordinal));
        var output = new List<byte>(body.Length);
        var changes = new List<FieldTextChange>();
        var copied = 0;
        foreach (var (fieldPath, range) in ranges.OrderBy(r => r.Value.Start.Value))
        {
            var (start, end) = (range.Start.Value, range.End.Value);
            output.AddRange(body.Span[copied..start]);
            output.AddRange(JsonStringBytes(changed[fieldPath].Text));
            copied = end;
            changes.AddRange(changed[fieldPath].Changes.Select(c => new FieldTextChange(JsonStringLocator.Display(fieldPath), start, c)));
        }

        output.AddRange(body.Span[copied..]);
        return new RequestRewrite(RewriteOutcome.Rewritten, shape, output.ToArray(), changes, null);
    }

    private static Dictionary<string, NormalisedText> NormaliseFields(ApiShape shape, ReadOnlyMemory<byte> body, NormaliseOptions options, int maxDepth)
    {
        var changed = new Dictionary<string, NormalisedText>(StringComparer.Ordinal);

        // Duplicate properties are refused: the gateway would clean one copy and the upstream might read the other.
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        foreach (var (path, value) in ClientTextFields.Of(shape, document.RootElement))
        {
            var text = value.GetString() ?? "";
            var normalised = PromptTextNormaliser.Normalise(text, options);
            if (normalised.Changed)
            {
                changed[path] = normalised;
            }
        }

        return changed;
    }

    /// <summary>A JSON string token escaping only what JSON requires, so the rest of the text stays readable UTF-8.</summary>
    private static byte[] JsonStringBytes(string text)
    {
        var escaped = new StringBuilder(text.Length + 2);
        escaped.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    escaped.Append("\\\"");
                    break;
                case '\\':
                    escaped.Append("\\\\");
                    break;
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\r':
                    escaped.Append("\\r");
                    break;
                case '\t':
                    escaped.Append("\\t");
                    break;
                case < ' ':
                    escaped.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        escaped.Append('"');
        return Encoding.UTF8.GetBytes(escaped.ToString());
    }
}

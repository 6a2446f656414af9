using System.Text.Json;
using Telltale.Probing;

namespace Telltale.Gateway;

/// <summary>
/// One forward pass over a JSON body with <see cref="Utf8JsonReader"/>: checks the nesting depth itself (so a body
/// nested 100,000 deep is refused with a reason, not a stack of exceptions) and finds the byte range of each wanted
/// string value by its path, so a rewrite can splice new strings in and leave every other byte as it was.
/// Paths are written as <see cref="BodyFields.Member"/> writes them (<c>messages[0].content</c>).
/// </summary>
internal static class JsonStringLocator
{
    /// <summary>Null when the body is well-formed and within <paramref name="maxDepth"/>; otherwise why not.</summary>
    public static RequestRefusal? Validate(ReadOnlySpan<byte> json, int maxDepth) => Scan(json, maxDepth, null, null);

    /// <summary>The ranges (opening quote to closing quote) of the string values at <paramref name="paths"/>.</summary>
    public static Dictionary<string, Range> Locate(ReadOnlySpan<byte> json, int maxDepth, IReadOnlySet<string> paths)
    {
        var found = new Dictionary<string, Range>(StringComparer.Ordinal);
        if (Scan(json, maxDepth, paths, found) is { } refusal)
        {
            throw new InvalidOperationException("A body that validated failed the second pass: " + refusal);
        }

        return found;
    }

    /// <summary>The display form of a path: <c>$.messages[0].content</c>, <c>$</c> for the root.</summary>
    public static string Display(string path) => path.Length == 0 ? "$" : path[0] == '[' ? "$" + path : "$." + path;

    private static RequestRefusal? Scan(ReadOnlySpan<byte> json, int maxDepth, IReadOnlySet<string>? wanted, Dictionary<string, Range>? found)
    {
        // The reader's own limit is set above ours so that ours, with its clearer reason, is always hit first.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 2, CommentHandling = JsonCommentHandling.Disallow });
        var frames = new Stack<Frame>();

        // Validation needs only the depth: paths (a string per value) are built when strings are being looked for.
        var tracking = wanted is not null && found is not null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (tracking)
                        {
                            frames.Peek().Property = reader.GetString();
                        }
                        else if (reader.ValueIsEscaped)
                        {
                            // Unescaped here only to refuse a name escaping a lone surrogate, as the tracking pass would.
                            _ = reader.GetString();
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (frames.Count >= maxDepth)
                        {
                            return new RequestRefusal(RefusalKind.TooDeep, $"JSON nested deeper than {maxDepth} levels (at byte {reader.TokenStartIndex})");
                        }

                        frames.Push(new Frame(tracking ? ValuePath(frames) : "", reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    case JsonTokenType.String when tracking:
                        var path = ValuePath(frames);
                        if (wanted!.Contains(path))
                        {
                            var start = (int)reader.TokenStartIndex;
                            found![path] = new Range(start, start + reader.ValueSpan.Length + 2);
                        }

                        break;
                    default:
                        if (tracking)
                        {
                            ValuePath(frames);
                        }

                        break;
                }
            }
        }
        catch (JsonException e)
        {
            // The reader's message quotes the input, which may hold controls and invisibles; the position is enough.
            return new RequestRefusal(RefusalKind.MalformedJson, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line");
        }
        catch (InvalidOperationException)
        {
            // A property name escaping a lone surrogate cannot be read as a string.
            return new RequestRefusal(RefusalKind.InvalidText, $"the property name at byte {reader.TokenStartIndex} escapes a lone surrogate");
        }

        return null;
    }

    /// <summary>The path of the value about to be read, advancing the array index when inside an array.</summary>
    private static string ValuePath(Stack<Frame> frames)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var frame = frames.Peek();
        return frame.IsArray ? frame.Path + "[" + (frame.NextIndex++).ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" : BodyFields.Member(frame.Path, frame.Property ?? "");
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int NextIndex { get; set; }

        public string? Property { get; set; }
    }
}

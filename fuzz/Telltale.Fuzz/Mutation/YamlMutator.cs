using System.Text;

namespace Telltale.Fuzz.Mutation;

/// <summary>
/// Edits YAML and other line-based text (policies, lockfiles) at line level: repeats, drops and re-indents
/// lines, nests blocks and flow collections deeply, inserts YAML's own syntax (anchors, aliases, tags, block
/// scalars, documents, escapes) and the keys and values the readers look for, and splices lines from other
/// inputs. Indentation carries structure in YAML and yarn.lock, which byte edits and the JSON mutator's value
/// swaps rarely change. One edit in four goes to <see cref="JsonMutator"/> (flow collections and quoted
/// scalars are JSON-like; package-lock.json is JSON), one in ten is a raw byte edit.
/// </summary>
public sealed class YamlMutator : IMutator
{
    private readonly ByteMutator _bytes = new();
    private readonly JsonMutator _json = new();

    // No token here names a path outside the working folder: the policy target reads the includes it is given.
    private static readonly string[] Tokens =
    [
        "&a ", "*a", "<<: *a\n", "!!str ", "!!binary ", "!!map ", "!custom ", "? ", "- ", "-\n", ": ", ":", "{", "}", "[", "]", "{}", "[]",
        "'", "''", "\"", "\"\\u001b[2J\"", "\"\\x85\\u2028\\0\"", "\"\\ud800\"", "\"\\U0010FFFF\"", "\\", "|\n  ", ">-\n  ", "|+\n", "# ", " #",
        "---\n", "...\n", "--- |\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "\t", "\r", "\r\n", "\u0085", "\u2028", "\uFEFF", "\u202E", "\u0000",
        "\u001b", "~", "null", "true", "0", "-0", "\"0\"", "1e400", "0x1F", ".inf", "2026-02-29", "9999-12-31", "0001-01-01",
        "2.1.91", "2.1.198", "0.0.0-rc.1+b.2", "v1.2", "1.0.0.1", "99999999999999999999.0.0", "\"2.1.91\"", "'2.1.198'",
        "@scope/name", "@scope/", "name@1.0.0", "npm:real@1.0.0", "npm:@s/r@^1.0.0", "file:../x", "link:x", "workspace:.", "patch:x@npm%3A1.0.0#~/p",
        "node_modules/", "/node_modules/a", "(peer@1.0.0)", "_peer@1.0.0", "Europe/Berlin", "Mars/Olympus", "UTC",
        "id: A\n", "status: banned\n", "introduced: \"0\"\n", "fixed: \"1.0.0\"\n", "last_affected: \"2.0.0\"\n", "include: [x.yaml]\n",
        "include: [policy.yaml]\n", "osv: .\n", "osv: [{ path: ., status: review }]\n", "version \"1.0.0\"\n", "  version \"1.0.0\"\n",
        "resolution: \"a@npm:1.0.0\"\n", "__metadata:\n  version: 8\n", "lockfileVersion: 5.4\n", "lockfileVersion: '9.0'\n", "# yarn lockfile v1\n",
        new string('a', 300), new string('9', 40),
    ];

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus, Random random, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(random);
        switch (random.Next(20))
        {
            case < 2:
                return _bytes.Mutate(input, corpus, random, maxBytes);
            case < 7:
                return _json.Mutate(input, corpus, random, maxBytes);
        }

        var text = new StringBuilder(Encoding.UTF8.GetString(input));
        var edits = 1 + random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            Apply(text, corpus, random);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length <= maxBytes ? bytes : bytes[..maxBytes];
    }

    private static void Apply(StringBuilder text, IReadOnlyList<byte[]> corpus, Random random)
    {
        var (start, end) = LineAt(text, text.Length == 0 ? 0 : random.Next(text.Length));
        switch (random.Next(9))
        {
            case 0:
                {
                    // Repeat a line: duplicate keys, many records, long sequences.
                    var line = WithNewline(text.ToString(start, end - start));
                    var times = random.Next(4) switch { 0 => 1, 1 => 2, 2 => 50, _ => 1000 };
                    text.Insert(end, line, Math.Max(1, Math.Min(times, (1 << 20) / Math.Max(1, line.Length))));
                    break;
                }

            case 1:
                text.Remove(start, end - start);
                break;
            case 2:
                {
                    // Re-indent: moves a key into or out of its parent, or to a tab (which YAML forbids as indentation).
                    var indent = 0;
                    while (start + indent < end && text[start + indent] == ' ')
                    {
                        indent++;
                    }

                    switch (random.Next(4))
                    {
                        case 0:
                            text.Insert(start, "  ");
                            break;
                        case 1:
                            text.Remove(start, Math.Min(indent, 2));
                            break;
                        case 2:
                            text.Remove(start, indent);
                            break;
                        default:
                            text.Insert(start, "\t");
                            break;
                    }

                    break;
                }

            case 3:
            case 4:
                text.Insert(InLine(text, start, end, random), Tokens[random.Next(Tokens.Length)]);
                break;
            case 5:
                {
                    // Replace what follows a key's colon (or a line's first space) with a token.
                    var colon = IndexIn(text, start, end, ": ");
                    var from = colon >= 0 ? colon + 2 : InLine(text, start, end, random);
                    var to = end > from && end > 0 && text[end - 1] == '\n' ? end - 1 : end;
                    text.Remove(from, Math.Max(0, to - from)).Insert(from, Tokens[random.Next(Tokens.Length)]);
                    break;
                }

            case 6:
                Nest(text, start, end, random);
                break;
            case 7:
                {
                    if (corpus.Count == 0)
                    {
                        break;
                    }

                    var other = Encoding.UTF8.GetString(corpus[random.Next(corpus.Count)]).Split('\n');
                    var first = random.Next(other.Length);
                    var count = 1 + random.Next(Math.Min(8, other.Length - first));
                    text.Insert(start, string.Join('\n', other, first, count) + "\n");
                    break;
                }

            default:
                {
                    // Move a chunk of lines elsewhere: a record under another parent, a key after its block.
                    var (otherStart, otherEnd) = LineAt(text, text.Length == 0 ? 0 : random.Next(text.Length));
                    var chunk = WithNewline(text.ToString(otherStart, otherEnd - otherStart));
                    text.Insert(start, chunk);
                    break;
                }
        }
    }

    /// <summary>Nests the line's value deeply, as a flow collection or as indented block mappings.</summary>
    private static void Nest(StringBuilder text, int start, int end, Random random)
    {
        var depth = random.Next(5) switch { 0 => 10, 1 => 100, 2 => 300, 3 => 5000, _ => 100_000 };
        var nested = new StringBuilder();
        switch (random.Next(3))
        {
            case 0:
                nested.Insert(0, "[", depth).Append('x').Append(']', depth);
                break;
            case 1:
                nested.Insert(0, "{a: ", depth).Append('x').Append('}', depth);
                break;
            default:
                depth = Math.Min(depth, 400);
                for (var k = 0; k < depth; k++)
                {
                    nested.Append('\n').Append(' ', 2 * (k + 1)).Append("k:");
                }

                nested.Append(" x");
                break;
        }

        var colon = IndexIn(text, start, end, ": ");
        text.Insert(colon >= 0 ? colon + 2 : InLine(text, start, end, random), nested.ToString());
    }

    private static int InLine(StringBuilder text, int start, int end, Random random) =>
        start + random.Next(Math.Max(1, end - start + (end > start && text[end - 1] == '\n' ? 0 : 1)));

    private static int IndexIn(StringBuilder text, int start, int end, string value)
    {
        for (var k = start; k + value.Length <= end; k++)
        {
            var match = true;
            for (var m = 0; m < value.Length && match; m++)
            {
                match = text[k + m] == value[m];
            }

            if (match)
            {
                return k;
            }
        }

        return -1;
    }

    private static string WithNewline(string line) => line.EndsWith('\n') ? line : line + "\n";

    private static (int Start, int End) LineAt(StringBuilder text, int position)
    {
        var start = position;
        while (start > 0 && text[start - 1] != '\n')
        {
            start--;
        }

        var end = position;
        while (end < text.Length && text[end] != '\n')
        {
            end++;
        }

        return (start, Math.Min(text.Length, end + 1));
    }
}

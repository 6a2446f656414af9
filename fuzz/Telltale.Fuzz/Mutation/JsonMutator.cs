using System.Text;

namespace Telltale.Fuzz.Mutation;

/// <summary>
/// Edits JSON as text: swaps a value for one of another type or an extreme one, nests deeply, duplicates or
/// drops members, and splices values from other inputs. One edit in five is a raw byte edit.
/// </summary>
public sealed class JsonMutator : IMutator
{
    private readonly ByteMutator _bytes = new();

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1e400", "-1e400", "2147483648", "-2147483649", "9223372036854775808",
        "18446744073709551616", "0.5", "1e-400", "\"\"", "\"\\ud800\"", "\"\\u0000\"", "\"x\"", "[]", "{}", "[null]", "{\"\":null}",
        "\"critical\"", "\"info\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01\"", "\"1.999\"", "\"2.0\"", "\"1.\"", "\"not a date\"",
        "\"" + new string('a', 70000) + "\"",
    ];

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus, Random random, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(random);
        if (random.Next(5) == 0)
        {
            return _bytes.Mutate(input, corpus, random, maxBytes);
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
        if (ValueAt(text, random.Next(text.Length + 1)) is not { } found)
        {
            text.Insert(random.Next(text.Length + 1), Values[random.Next(Values.Length)]);
            return;
        }

        var (start, end) = found;

        switch (random.Next(6))
        {
            case 0:
            case 1:
                text.Remove(start, end - start).Insert(start, Values[random.Next(Values.Length)]);
                break;
            case 2:
                {
                    var depth = random.Next(3) switch { 0 => 10, 1 => 200, _ => 300 };
                    var array = random.Next(2) == 0;
                    var nested = new StringBuilder();
                    nested.Insert(0, array ? "[" : "{\"a\":", depth).Append(text, start, end - start).Append(array ? ']' : '}', depth);
                    text.Remove(start, end - start).Insert(start, nested.ToString());
                    break;
                }

            case 3:
                {
                    // Duplicating a value next to itself repeats array items, and repeats members when the value follows a key.
                    var value = text.ToString(start, end - start);
                    text.Insert(end, "," + value);
                    break;
                }

            case 4:
                text.Remove(start, end - start);
                break;
            default:
                {
                    if (corpus.Count == 0)
                    {
                        break;
                    }

                    var other = new StringBuilder(Encoding.UTF8.GetString(corpus[random.Next(corpus.Count)]));
                    if (ValueAt(other, random.Next(other.Length + 1)) is { } otherValue)
                    {
                        var (otherStart, otherEnd) = otherValue;
                        text.Remove(start, end - start).Insert(start, other.ToString(otherStart, otherEnd - otherStart));
                    }

                    break;
                }
        }
    }

    /// <summary>The extent of the string, number, literal, object or array that starts at or after <paramref name="from"/>.</summary>
    private static (int Start, int End)? ValueAt(StringBuilder text, int from)
    {
        for (var start = from; start < text.Length; start++)
        {
            var c = text[start];
            if (c == '"')
            {
                return (start, SkipString(text, start));
            }

            if (c is '{' or '[')
            {
                return (start, SkipContainer(text, start));
            }

            if (c == '-' || char.IsAsciiDigit(c) || c is 't' or 'f' or 'n')
            {
                var end = start + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-' or '+'))
                {
                    end++;
                }

                return (start, end);
            }
        }

        return null;
    }

    private static int SkipString(StringBuilder text, int start)
    {
        for (var k = start + 1; k < text.Length; k++)
        {
            if (text[k] == '\\')
            {
                k++;
            }
            else if (text[k] == '"')
            {
                return k + 1;
            }
        }

        return text.Length;
    }

    private static int SkipContainer(StringBuilder text, int start)
    {
        var depth = 0;
        for (var k = start; k < text.Length; k++)
        {
            switch (text[k])
            {
                case '"':
                    k = SkipString(text, k) - 1;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (--depth == 0)
                    {
                        return k + 1;
                    }

                    break;
            }
        }

        return text.Length;
    }
}

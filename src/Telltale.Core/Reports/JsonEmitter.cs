using System.Globalization;
using System.Text;

namespace Telltale.Reports;

/// <summary>
/// A minimal indented JSON writer for the JSON and SARIF reports.
/// <para>
/// Why not <see cref="System.Text.Json.Utf8JsonWriter"/>: its encoders pass bidi overrides, zero-width and
/// filler characters through unescaped (only the HTML-safe default escapes them, along with every
/// non-ASCII letter such as ’), and raw values it cannot indent. A report about hidden behaviour must not
/// itself hide text, yet should stay readable, so strings here escape exactly the characters
/// <see cref="ReportText.IsHardToSee"/> names and keep the rest as UTF-8. The output is deterministic:
/// two-space indentation, <c>\n</c> line ends on every OS, invariant number formatting.
/// </para>
/// </summary>
internal sealed class JsonEmitter
{
    private readonly StringBuilder _text = new();

    // One entry per open container: whether it has an item yet (decides commas and the closing line).
    private readonly Stack<bool> _containers = new();
    private bool _afterName;

    public void StartObject() => Open('{');

    public void StartObject(string name)
    {
        Name(name);
        Open('{');
    }

    public void EndObject() => Close('}');

    public void StartArray() => Open('[');

    public void StartArray(string name)
    {
        Name(name);
        Open('[');
    }

    public void EndArray() => Close(']');

    public void Name(string name)
    {
        BeforeValue();
        AppendQuoted(_text, name);
        _text.Append(": ");
        _afterName = true;
    }

    public void String(string? value)
    {
        BeforeValue();
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            AppendQuoted(_text, value);
        }
    }

    public void String(string name, string? value)
    {
        Name(name);
        String(value);
    }

    public void Number(string name, long value)
    {
        Name(name);
        BeforeValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Boolean(string name, bool value)
    {
        Name(name);
        BeforeValue();
        _text.Append(value ? "true" : "false");
    }

    public void Number(string name, double value)
    {
        // JSON has no NaN or infinity; a non-finite value is a bug upstream, so say so rather than guess.
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"'{name}' must be a finite number.");
        }

        Name(name);
        BeforeValue();
        _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    public void Strings(string name, IEnumerable<string> values)
    {
        StartArray(name);
        foreach (string value in values)
        {
            String(value);
        }

        EndArray();
    }

    /// <summary>The document, ending with a newline.</summary>
    public override string ToString()
    {
        if (_containers.Count != 0)
        {
            throw new InvalidOperationException("The JSON document has unclosed objects or arrays.");
        }

        return _text.ToString() + "\n";
    }

    /// <summary>
    /// Appends <paramref name="value"/> as a JSON string: quote, backslash and the short control escapes,
    /// <c>\uXXXX</c> for other hard-to-see characters, U+FFFD for lone surrogates (as System.Text.Json does,
    /// since many parsers reject an escaped lone surrogate), everything else as is.
    /// </summary>
    public static void AppendQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        ReadOnlySpan<char> rest = value;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                builder.Append("\\uFFFD");
                rest = rest[1..];
                continue;
            }

            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (ReportText.IsHardToSee(rune))
                    {
                        // Escapes each UTF-16 unit, so supplementary characters become a surrogate pair escape.
                        foreach (char unit in rest[..consumed])
                        {
                            builder.Append("\\u").Append(((int)unit).ToString("X4", CultureInfo.InvariantCulture));
                        }
                    }
                    else
                    {
                        builder.Append(rest[..consumed]);
                    }

                    break;
            }

            rest = rest[consumed..];
        }

        builder.Append('"');
    }

    private void Open(char bracket)
    {
        BeforeValue();
        _text.Append(bracket);
        _containers.Push(false);
    }

    private void Close(char bracket)
    {
        bool hadItems = _containers.Pop();
        if (hadItems)
        {
            NewLine();
        }

        _text.Append(bracket);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            // The value follows its property name on the same line.
            _afterName = false;
            return;
        }

        if (_containers.Count == 0)
        {
            return;
        }

        if (_containers.Peek())
        {
            _text.Append(',');
        }
        else
        {
            _containers.Pop();
            _containers.Push(true);
        }

        NewLine();
    }

    private void NewLine() => _text.Append('\n').Append(' ', 2 * _containers.Count);
}

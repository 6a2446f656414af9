using System.Globalization;
using System.Text;
using Telltale.Reports;

namespace Telltale.Probing.Matrix;

/// <summary>
/// Writes a matrix in the format <see cref="ProbeMatrixLoader"/> reads, so the variants and repeats that ran can be
/// run again exactly (<c>telltale probe --matrix</c>, an evidence bundle's replay). Every name, variable and value is
/// double-quoted, and quotes, backslashes and characters a reader cannot see (<see cref="ReportText.IsHardToSee"/>) are
/// escaped, so a value such as <c>~</c>, <c>null</c>, <c>yes</c>, <c>"</c> or one ending in a zero-width space stays the
/// string it was; an unset variable is a plain <c>~</c>.
/// </summary>
public static class ProbeMatrixWriter
{
    /// <summary>The YAML, checked by reading it back: a matrix the loader would read differently is refused.</summary>
    /// <exception cref="ProbeException">The matrix cannot be written replayably (no variant without variables, more repeats or variants than a matrix file may hold).</exception>
    public static string Write(ProbeMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var yaml = new StringBuilder();
        yaml.Append("# The variants and repeats a probe ran, in the format telltale probe --matrix reads.\n");
        yaml.Append(CultureInfo.InvariantCulture, $"repeats: {matrix.Repeats}\n");
        yaml.Append("variants:\n");
        foreach (var variant in matrix.Variants)
        {
            yaml.Append("  - name: ").Append(Quoted(variant.Name)).Append('\n');
            if (variant.Environment.Count == 0)
            {
                yaml.Append("    env: {}\n");
                continue;
            }

            yaml.Append("    env:\n");
            foreach (var (name, value) in variant.Environment)
            {
                yaml.Append("      ").Append(Quoted(name)).Append(": ").Append(value is null ? "~" : Quoted(value)).Append('\n');
            }
        }

        var text = yaml.ToString();
        ProbeMatrix readBack;
        try
        {
            readBack = ProbeMatrixLoader.Parse(text, "the written matrix");
        }
        catch (ProbeException error)
        {
            throw new ProbeException($"cannot record the matrix replayably: {error.Message}", error);
        }

        if (!AreEquivalent(matrix, readBack))
        {
            throw new ProbeException("cannot record the matrix replayably: reading it back adds a baseline; give the matrix a variant without variables");
        }

        return text;
    }

    /// <summary>Same repeats, same variants in the same order, each with the same variables and values (unset included).</summary>
    public static bool AreEquivalent(ProbeMatrix left, ProbeMatrix right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left.Repeats == right.Repeats
            && left.Variants.Count == right.Variants.Count
            && left.Variants.Zip(right.Variants).All(pair =>
                pair.First.Name == pair.Second.Name
                && pair.First.Environment.Count == pair.Second.Environment.Count
                && pair.First.Environment.All(kv => pair.Second.Environment.TryGetValue(kv.Key, out var value) && value == kv.Value));
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                i++;
                if (ReportText.IsHardToSee(rune))
                {
                    quoted.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}");
                }
                else
                {
                    quoted.Append(c).Append(text[i]);
                }
            }
            else if (c is '"' or '\\')
            {
                quoted.Append('\\').Append(c);
            }
            else if (char.IsSurrogate(c) || ReportText.IsHardToSee(new Rune(c)))
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('"').ToString();
    }
}

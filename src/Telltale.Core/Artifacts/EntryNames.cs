using System.Text;

namespace Telltale.Artifacts;

/// <summary>
/// Turns a name taken from an archive into a safe relative path. Nothing is written to disk, but the
/// names end up in reports and in paths other tools may join, so a name that could climb out of the
/// archive is refused rather than silently cleaned.
/// </summary>
internal static class EntryNames
{
    /// <summary>The normalised '/'-separated path, or null with <paramref name="problem"/> saying why it was refused.</summary>
    public static string? Normalise(string raw, out string? problem)
    {
        problem = null;
        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            problem = "name holds a NUL character";
            return null;
        }

        // Zip tools on Windows write '\' as the separator, and a '\' is how "..\..\x" slips past a '/'-only check.
        var name = raw.Replace('\\', '/');
        if (name.StartsWith('/'))
        {
            problem = "absolute path";
            return null;
        }

        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
        {
            problem = "drive-letter path";
            return null;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                problem = "parent-directory segment";
                return null;
            }

            if (builder.Length > 0)
            {
                builder.Append('/');
            }

            builder.Append(segment);
        }

        if (builder.Length == 0)
        {
            problem = "empty name";
            return null;
        }

        return builder.ToString();
    }

    /// <summary>A name as it can go on one line of a report: control characters escaped, length capped.</summary>
    public static string Printable(string raw)
    {
        const int maxLength = 300;
        var builder = new StringBuilder(Math.Min(raw.Length, maxLength) + 8);
        foreach (var c in raw)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append(c == '\0' ? "\\0" : $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Where an entry of <paramref name="container"/> is reported: a top-level archive has an empty path and adds no prefix.</summary>
    public static string Join(ArtifactEntry container, string name) =>
        container.Path.Length == 0 ? name : container.Path + "!/" + name;

    /// <summary>The first line of a message, so a refusal never spans lines.</summary>
    public static string OneLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        var line = end < 0 ? message : message[..end];
        return line.Trim();
    }
}

using System.Globalization;
using System.Text;
using Telltale.Reports;

namespace Telltale.Policy.Export;

/// <summary>
/// SQL text for osquery (SQLite underneath) built from policy strings. Every value is a literal made here, never
/// spliced in raw: quotes are doubled, and characters that are invisible or control characters are written as
/// <c>char(N)</c> so that the query text itself stays printable and reviewable.
/// </summary>
internal static class OsquerySql
{
    /// <summary><paramref name="value"/> as an SQL string expression: <c>'it''s'</c>, or <c>'a' || char(10) || 'b'</c>.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder();
        var run = new StringBuilder();
        bool any = false;

        void Flush()
        {
            if (run.Length > 0 || !any)
            {
                Append("'" + run.Replace("'", "''") + "'");
                run.Clear();
            }
        }

        void Append(string part)
        {
            if (any)
            {
                text.Append(" || ");
            }

            text.Append(part);
            any = true;
        }

        ReadOnlySpan<char> rest = value;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate cannot be UTF-8, which is what osquery stores: it becomes U+FFFD, as in the JSON exports.
                rune = Rune.ReplacementChar;
            }

            if (Rune.IsControl(rune) || ReportText.IsHardToSee(rune))
            {
                if (run.Length > 0)
                {
                    Append("'" + run.Replace("'", "''") + "'");
                    run.Clear();
                }

                Append("char(" + rune.Value.ToString(CultureInfo.InvariantCulture) + ")");
            }
            else
            {
                run.Append(rune.ToString());
            }

            rest = rest[consumed..];
        }

        Flush();
        return text.ToString();
    }

    /// <summary>A LIKE pattern literal matching <paramref name="value"/> exactly, with <c>^</c> as the escape character (see <see cref="LikeEscape"/>).</summary>
    public static string LikeLiteral(string prefix, string value, string suffix) =>
        Literal(prefix + EscapeLike(value) + suffix);

    /// <summary>The clause that goes after every pattern made by <see cref="LikeLiteral"/>; <c>^</c> rather than a backslash, which Windows paths use.</summary>
    public const string LikeEscape = "ESCAPE '^'";

    private static string EscapeLike(string value) =>
        value.Replace("^", "^^", StringComparison.Ordinal)
            .Replace("%", "^%", StringComparison.Ordinal)
            .Replace("_", "^_", StringComparison.Ordinal);

    /// <summary>
    /// A predicate on <paramref name="column"/> that is true for every version the package's ranges and versions
    /// name, or null when it names every version. Ranges compare with osquery's <c>version</c> collation, which orders
    /// dotted numbers numerically but puts <c>1.2.3-beta</c> after <c>1.2.3</c> where semver puts it before; to stay on
    /// the safe side, pre-releases of an upper bound are matched too, as are rows with no version at all.
    /// </summary>
    public static string? VersionPredicate(string column, AffectedPackage affected)
    {
        if (affected.AllVersions)
        {
            return null;
        }

        var alternatives = new List<string>();
        if (affected.Versions.Count > 0)
        {
            alternatives.Add($"{column} IN ({string.Join(", ", affected.Versions.Select(Literal))})");
        }

        foreach (AffectedRange range in affected.Ranges)
        {
            foreach ((string? from, string? to, bool inclusive) in Intervals(range))
            {
                var bounds = new List<string>();
                if (from is not null)
                {
                    bounds.Add($"{column} COLLATE version >= {Literal(from)}");
                }

                if (to is not null)
                {
                    bounds.Add($"{column} COLLATE version {(inclusive ? "<=" : "<")} {Literal(to)}");
                }

                if (bounds.Count == 0)
                {
                    // Introduced at 0 and never fixed: every version, as if no range were given.
                    return null;
                }

                string interval = string.Join(" AND ", bounds);
                alternatives.Add(to is null
                    ? $"({interval})"
                    : $"({interval}) OR substr({column}, 1, {(to.Length + 1).ToString(CultureInfo.InvariantCulture)}) = {Literal(to + "-")}");
            }
        }

        alternatives.Add($"{column} IS NULL");
        alternatives.Add($"{column} = ''");
        return "(" + string.Join(" OR ", alternatives) + ")";
    }

    /// <summary>
    /// The intervals of an OSV range: each introduced event opens one, the next fixed (exclusive) or last_affected
    /// (inclusive) closes it; introduced <c>0</c> has no lower bound and an unclosed one no upper bound.
    /// </summary>
    private static IEnumerable<(string? From, string? To, bool Inclusive)> Intervals(AffectedRange range)
    {
        bool open = false;
        string? from = null;
        foreach (RangeEvent e in range.Events)
        {
            if (e.Kind == RangeEventKind.Introduced)
            {
                if (open)
                {
                    // Two introduced in a row: the first runs on into the second, which changes nothing.
                    continue;
                }

                open = true;
                from = e.Version == "0" ? null : e.Version;
            }
            else if (open)
            {
                yield return (from, e.Version, e.Kind == RangeEventKind.LastAffected);
                open = false;
            }
        }

        if (open)
        {
            yield return (from, null, false);
        }
    }
}

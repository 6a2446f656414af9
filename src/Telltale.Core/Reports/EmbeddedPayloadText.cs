using System.Globalization;
using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>
/// How the Markdown report and the terminal view summarise an <see cref="EmbeddedPayloadListing"/> in one
/// line, so both count and word it the same way. Counting is presentation: the listing itself is the data.
/// </summary>
public static class EmbeddedPayloadText
{
    // The kinds the scanner writes, in the order a reader expects them: what runs, what it compiles to, the rest.
    private static readonly string[] KnownKinds = ["source", "bytecode", "asset"];

    /// <summary>The file count, e.g. <c>3,758 files</c>.</summary>
    public static string FileCount(EmbeddedPayloadListing payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Count(payload.Files.Count, "file", "files");
    }

    /// <summary>
    /// The files counted by kind, e.g. <c>3,515 source, 3,513 bytecode, 130 assets</c>; kinds with no file
    /// are left out and kinds this code does not know follow the known ones, so nothing is silently dropped.
    /// </summary>
    public static string KindCounts(EmbeddedPayloadListing payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var counts = payload.Files.GroupBy(f => f.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        IEnumerable<string> kinds = KnownKinds.Where(counts.ContainsKey)
            .Concat(counts.Keys.Where(k => !KnownKinds.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal));

        // "source" and "bytecode" read as mass nouns ("3 source"); only countable kinds take a plural.
        return string.Join(", ", kinds.Select(kind => kind == "asset" ? Count(counts[kind], "asset", "assets") : Count(counts[kind], kind, kind)));
    }

    /// <summary>The sum of the files' sizes in bytes.</summary>
    public static long TotalBytes(EmbeddedPayloadListing payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.Files.Sum(f => f.Bytes);
    }

    /// <summary>The names of the files the executable starts with, in listing order; usually one.</summary>
    public static IReadOnlyList<string> EntryPoints(EmbeddedPayloadListing payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return [.. payload.Files.Where(f => f.IsEntryPoint).Select(f => f.Name)];
    }

    /// <summary>A count with its noun, grouped with commas whatever the machine's culture.</summary>
    public static string Count(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");
}

using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Store;

/// <summary>
/// What every <see cref="IScanStore"/> writes and reads the same way whatever the database: the compressed report,
/// the identity a scan is kept under, the npm platforms it answers for, its settings, how a lookup key is read, and a
/// timeline's document. A scan saved on SQLite and on PostgreSQL has the same row, byte for byte in the report.
/// </summary>
internal static partial class ScanRows
{
    /// <summary>Report JSON is repetitive: quality 5 takes it to about a tenth in milliseconds, where 11 costs far more time for a little less.</summary>
    private const int BrotliQuality = 5;

    private const int BrotliWindow = 22;

    /// <summary>Bigger than any report this tool writes: a larger size in a row means the row is damaged, not that memory should be found for it.</summary>
    private const long MaxReportBytes = 1L << 30;

    /// <summary>The report's JSON, Brotli-compressed, and the JSON's length, which <see cref="Decode"/> checks.</summary>
    public static (byte[] Compressed, int Size) Encode(ScanReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report, text);
        var json = Encoding.UTF8.GetBytes(text.ToString());
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(json.Length)];
        if (!BrotliEncoder.TryCompress(json, buffer, out var written, BrotliQuality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli could not compress a report into its own bound.");
        }

        return (buffer[..written], json.Length);
    }

    /// <param name="location">The store, as its messages name it.</param>
    /// <exception cref="StoreException">when the row does not decompress or read as a report.</exception>
    public static ScanReport Decode(long size, byte[] compressed, string location)
    {
        var json = size is >= 0 and <= MaxReportBytes ? new byte[size] : null;
        if (json is null || !BrotliDecoder.TryDecompress(compressed, json, out var written) || written != size)
        {
            throw new StoreException($"a stored report in {location} is damaged (it does not decompress); scan with another --db or remove the file");
        }

        try
        {
            using var stream = new MemoryStream(json, writable: false);
            return JsonReportReader.Read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            throw new StoreException($"a stored report in {location} is unreadable: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The artifact as scanned: its sha256 alone, or with the platform and the platform packages' sha256s,
    /// since the same main tarball with other platform packages is another scan.
    /// </summary>
    public static string Identity(string sha256, string? platform, IEnumerable<string> platformPackageSha256s) =>
        platform is null
            ? sha256
            : $"{sha256}+{platform}:{string.Join(",", platformPackageSha256s.Order(StringComparer.Ordinal))}";

    public static string Identity(ResolvedTarget resolved) =>
        Identity(resolved.Sha256, resolved.Platform, resolved.PlatformPackages.Select(p => p.Sha256));

    public static string Identity(ScanTarget target) =>
        Identity(target.Sha256, target.Platform, target.PlatformPackages.Select(p => p.Sha256));

    public static Dictionary<Severity, int> SeverityCounts(ScanReport report) =>
        Enum.GetValues<Severity>().ToDictionary(s => s, s => report.Findings.Count(f => f.Severity == s));

    /// <summary>
    /// The platforms an npm scan answers for: the one its platform packages were chosen for; and when it has
    /// none, "none" (a scan of the package alone) and the platform asked for, as a package without platform
    /// packages scans the same on every platform. Empty for anything but an exact npm version.
    /// </summary>
    public static IEnumerable<string> NpmPlatformKeys(ScanTarget target, string? requestedPlatform)
    {
        if (target.Source != TargetResolver.NpmSource || target.Version is null)
        {
            return [];
        }

        if (target.Platform is { } platform)
        {
            return [platform];
        }

        return new[] { NpmPlatform.NoneText, PlatformKey(requestedPlatform) }.Distinct(StringComparer.Ordinal);
    }

    public static string PlatformKey(string? platform) => string.IsNullOrEmpty(platform) ? NpmPlatform.NoneText : platform;

    /// <summary>The rule packs column: null when the settings are not known.</summary>
    public static string? RulePacksText(ScanSettings? settings) => settings is null ? null : JsonSerializer.Serialize(settings.RulePacks);

    // Written by a store; a value it cannot read back means the row was edited by hand, and then its settings are unknown.
    public static ScanSettings? Settings(string? rulePacks, bool? analyzeBehaviour)
    {
        if (rulePacks is null || analyzeBehaviour is not { } behaviour)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<RulePackFile>>(rulePacks) is { } packs ? new ScanSettings(packs, behaviour) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a <see cref="IScanStore.Find"/> key: <c>npm:NAME@VERSION</c>, or a sha256 or a prefix of one (at least 4 hex
    /// digits, lower-cased here).
    /// </summary>
    /// <exception cref="StoreException">when the key is neither, or an npm key has no exact version.</exception>
    public static LookupKey ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = key.Trim();
        if (NpmPackageSpec.IsNpmSpec(text))
        {
            NpmPackageSpec spec;
            try
            {
                spec = NpmPackageSpec.Parse(text);
            }
            catch (TargetException ex)
            {
                throw new StoreException(ex.Message, ex);
            }

            if (spec.Version is not { } version)
            {
                throw new StoreException($"give an exact version to show a stored scan: {NpmPackageSpec.Prefix}{spec.Name}@VERSION");
            }

            return new LookupKey(spec.Name, version, null);
        }

        var prefix = text.ToLowerInvariant();
        if (!Sha256Prefix().IsMatch(prefix))
        {
            throw new StoreException($"'{EntryNames.Printable(key)}' is neither a sha256 prefix (4 to 64 hex digits) nor npm:NAME@VERSION");
        }

        return new LookupKey(null, null, prefix);
    }

    /// <summary>The refusal when a sha256 prefix names several artifacts.</summary>
    public static StoreException AmbiguousPrefix(string prefix, long artifacts) =>
        new($"sha256 prefix {prefix} matches {artifacts} stored artifacts; give more digits");

    /// <summary>
    /// The end of the range of sha256s that start with <paramref name="prefix"/>: a range rather than LIKE, so the
    /// sha256 index serves it and no character of the key is a wildcard.
    /// </summary>
    public static string PrefixRangeEnd(string prefix) => prefix + "g";

    /// <summary>A history ready to keep: everything but its id, which the database gives.</summary>
    public static StoredTimeline Unsaved(VersionTimeline timeline, string? platform, string toolVersion, DateTimeOffset madeAt)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        TimelineJsonWriter.Write(timeline, text);
        return Unsaved(StoredTimeline.HistoryKind, timeline.Package, timeline.Range, platform, null, toolVersion, madeAt, text.ToString());
    }

    /// <inheritdoc cref="Unsaved(VersionTimeline, string?, string, DateTimeOffset)"/>
    public static StoredTimeline Unsaved(BisectResult bisection, string? platform, string toolVersion, DateTimeOffset madeAt)
    {
        ArgumentNullException.ThrowIfNull(bisection);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        TimelineJsonWriter.Write(bisection, text);
        return Unsaved(StoredTimeline.BisectKind, bisection.Package, bisection.Range, platform, bisection.Behaviour, toolVersion, madeAt, text.ToString());
    }

    private static StoredTimeline Unsaved(string kind, string package, string? range, string? platform, string? behaviour, string toolVersion, DateTimeOffset madeAt, string json) => new()
    {
        Id = 0, Kind = kind, Package = package, Range = range, Platform = platform, Behaviour = behaviour,
        ToolVersion = toolVersion, MadeAt = madeAt, Json = json,
    };

    /// <summary>
    /// The columns every store's summary query selects, in this order: id, sha256, name, version, source, platform,
    /// tool_version, scanned_at, fingerprint, critical, high, medium, low, info, rule_packs, analyze_behaviour, and the
    /// npm platforms the scan answers for, space-separated.
    /// </summary>
    /// <param name="readTime">Reads a time column as the store keeps it (text in SQLite, timestamptz in PostgreSQL).</param>
    public static List<StoredScanSummary> ReadSummaries(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var summaries = new List<StoredScanSummary>();
        while (reader.Read())
        {
            summaries.Add(new StoredScanSummary
            {
                Id = reader.GetInt64(0),
                Sha256 = reader.GetString(1),
                Name = reader.GetString(2),
                Version = reader.IsDBNull(3) ? null : reader.GetString(3),
                Source = reader.GetString(4),
                Platform = reader.IsDBNull(5) ? null : reader.GetString(5),
                ToolVersion = reader.GetString(6),
                ScannedAt = readTime(reader, 7),
                Fingerprint = reader.GetString(8),
                Critical = reader.GetInt32(9),
                High = reader.GetInt32(10),
                Medium = reader.GetInt32(11),
                Low = reader.GetInt32(12),
                Info = reader.GetInt32(13),
                Settings = Settings(reader.IsDBNull(14) ? null : reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetBoolean(15)),
                NpmPlatforms = reader.IsDBNull(16) ? [] : reader.GetString(16).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            });
        }

        return summaries;
    }

    /// <summary>The columns every store's timeline query selects: id, kind, package, range, platform, behaviour, tool_version, made_at, document.</summary>
    /// <param name="readTime">Reads a time column as the store keeps it.</param>
    public static List<StoredTimeline> ReadTimelines(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var timelines = new List<StoredTimeline>();
        while (reader.Read())
        {
            timelines.Add(new StoredTimeline
            {
                Id = reader.GetInt64(0),
                Kind = reader.GetString(1),
                Package = reader.GetString(2),
                Range = reader.IsDBNull(3) ? null : reader.GetString(3),
                Platform = reader.IsDBNull(4) ? null : reader.GetString(4),
                Behaviour = reader.IsDBNull(5) ? null : reader.GetString(5),
                ToolVersion = reader.GetString(6),
                MadeAt = readTime(reader, 7),
                Json = reader.GetString(8),
            });
        }

        return timelines;
    }

    /// <summary>A parsed lookup key: an exact npm version (<see cref="NpmName"/>, <see cref="NpmVersion"/>), or a <see cref="Sha256Prefix"/>.</summary>
    internal readonly record struct LookupKey(string? NpmName, string? NpmVersion, string? Sha256Prefix);

    [GeneratedRegex("^[0-9a-f]{4,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Prefix();
}

using System.Globalization;
using System.Text.Json;
using Semver;

namespace Telltale.Artifacts;

public sealed partial class NpmRegistryClient
{
    /// <summary>The abbreviated packument npm installs from has no <c>time</c> map, so publish dates need the full one.</summary>
    public const string FullPackumentAccept = "application/json";

    /// <summary>
    /// Every published version of <paramref name="packageName"/>, lowest first by semver precedence, with its
    /// publish date and deprecation. Versions that are not strict semver, or unsafe as file names, are left
    /// out: they could be neither ordered nor downloaded.
    /// </summary>
    /// <exception cref="TargetException">when the package is unknown or the registry cannot be read.</exception>
    public async Task<IReadOnlyList<NpmVersionInfo>> GetVersionsAsync(string packageName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageName);
        if (!NpmPackageSpec.IsValidName(packageName))
        {
            throw new TargetException($"invalid npm package name '{EntryNames.Printable(packageName)}'");
        }

        using var document = await FetchPackumentDocumentAsync(packageName, FullPackumentAccept, cancellationToken).ConfigureAwait(false)
            ?? throw new TargetException($"npm package not found: {packageName} (404 from {Config.RegistryFor(packageName).Host})");
        var root = document.RootElement;
        var times = root.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.Object ? time : (JsonElement?)null;

        // Unpublished versions stay in "time" but leave "versions", so "versions" says what can be had.
        var versions = new List<(SemVersion Order, NpmVersionInfo Info)>();
        foreach (var entry in root.GetProperty("versions").EnumerateObject())
        {
            if (!IsSafeVersion(entry.Name) || NpmDependency.ParseVersion(entry.Name) is not { } order)
            {
                continue;
            }

            var deprecated = entry.Value.ValueKind == JsonValueKind.Object ? StringOrNull(entry.Value, "deprecated") : null;
            versions.Add((order, new NpmVersionInfo(entry.Name, PublishDate(times, entry.Name), string.IsNullOrEmpty(deprecated) ? null : deprecated)));
        }

        return versions.OrderBy(v => v.Order, SemVersion.SortOrderComparer).Select(v => v.Info).ToList();
    }

    /// <summary>
    /// The versions an npm range accepts, in the given order. As in node-semver, a prerelease is accepted only
    /// when a comparator of the range names a prerelease of the same major.minor.patch (<c>*</c> takes none).
    /// </summary>
    /// <exception cref="TargetException">when <paramref name="range"/> is not an npm range.</exception>
    public static IReadOnlyList<NpmVersionInfo> InRange(IEnumerable<NpmVersionInfo> versions, string range)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(range);
        var parsed = NpmDependency.ParseRange(range.Trim().Length == 0 ? "*" : range)
            ?? throw new TargetException($"not an npm version range: '{EntryNames.Printable(range)}' (e.g. \">=2.1.88 <=2.1.93\", \"^2.1\", \"2.1.x\")");
        return versions.Where(v => NpmDependency.ParseVersion(v.Version) is { } version && parsed.Contains(version)).ToList();
    }

    /// <summary>Semver order of two published versions; a version that is not strict semver sorts first.</summary>
    public static int CompareVersions(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return SemVersion.SortOrderComparer.Compare(NpmDependency.ParseVersion(left), NpmDependency.ParseVersion(right));
    }

    /// <summary>Whether a version is a plain release: strict semver without a prerelease tag (<c>2.0.0-rc.1</c> is not).</summary>
    public static bool IsRelease(string version) =>
        NpmDependency.ParseVersion(version ?? throw new ArgumentNullException(nameof(version))) is { IsPrerelease: false };

    private static DateTimeOffset? PublishDate(JsonElement? times, string version) =>
        times is { } map && map.TryGetProperty(version, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUniversalTime()
            : null;
}

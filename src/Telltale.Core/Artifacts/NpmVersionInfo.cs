namespace Telltale.Artifacts;

/// <summary>One published version of an npm package, as the full packument describes it.</summary>
/// <param name="Version">The version as published, e.g. <c>2.1.91</c>.</param>
/// <param name="PublishedAt">From the packument's <c>time</c> map; null when the registry gives no date for it.</param>
/// <param name="Deprecated">The deprecation message, or null when the version is not deprecated.</param>
public sealed record NpmVersionInfo(string Version, DateTimeOffset? PublishedAt, string? Deprecated = null)
{
    public override string ToString() => Version;
}

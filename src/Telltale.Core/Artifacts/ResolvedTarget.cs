namespace Telltale.Artifacts;

/// <summary>A target made local: what it is, where it now lies and its sha256.</summary>
/// <param name="Name">The npm package name, or the file or directory name.</param>
/// <param name="Version">The npm version; null for local targets (the scanner reads package.json later).</param>
/// <param name="LocalPath">The file or directory to expand.</param>
/// <param name="Sha256">Lower-case hex, from <see cref="ArtifactHasher"/>.</param>
/// <param name="Source"><c>npm</c>, <c>file</c> or <c>directory</c>.</param>
public sealed record ResolvedTarget(string Name, string? Version, string LocalPath, string Sha256, string Source);

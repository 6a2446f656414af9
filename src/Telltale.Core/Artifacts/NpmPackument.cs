namespace Telltale.Artifacts;

/// <summary>
/// What the abbreviated packument of one package says about installing it: the published versions, the dist-tags and
/// each version's <see cref="NpmManifest"/>. Versions are as published (not checked); pick one with
/// <see cref="NpmDependency.PickVersion"/>.
/// </summary>
/// <param name="Name">The package, as the registry spells it.</param>
/// <param name="Versions">Every published version, in packument order.</param>
/// <param name="DistTags">Tag to version.</param>
/// <param name="Manifests">Version to manifest.</param>
public sealed record NpmPackument(
    string Name,
    IReadOnlyList<string> Versions,
    IReadOnlyDictionary<string, string> DistTags,
    IReadOnlyDictionary<string, NpmManifest> Manifests);

namespace Telltale.Probing.Evidence;

/// <summary>Where one run's captured requests are in a bundle: <see cref="Path"/> relative to the bundle, with '/' separators.</summary>
public sealed record EvidenceRunFile(string Variant, int Repeat, string Path, int Requests);

using Telltale.Probing.Matrix;

namespace Telltale.Probing.Evidence;

/// <summary>A bundle as <see cref="EvidenceBundleReader"/> read it: its manifest, the matrix to run again and the channels it claims.</summary>
public sealed record EvidenceBundle(string Directory, EvidenceManifest Manifest, ProbeMatrix Matrix, IReadOnlyList<ChannelSignature> Channels);

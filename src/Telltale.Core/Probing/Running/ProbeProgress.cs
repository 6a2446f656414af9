namespace Telltale.Probing.Running;

/// <summary>Run <see cref="Index"/> of <see cref="Total"/> is starting (variant and repeat named).</summary>
public sealed record ProbeProgress(int Index, int Total, string Variant, int Repeat);

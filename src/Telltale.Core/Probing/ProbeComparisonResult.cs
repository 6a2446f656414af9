namespace Telltale.Probing;

/// <summary>What the variants changed in the requests, what merely varied from run to run, and how many bits that is.</summary>
public sealed record ProbeComparisonResult(
    string BaselineVariant,
    IReadOnlyList<string> Variants,
    int FieldsCompared,
    IReadOnlyList<ProbeDifference> Differences,
    IReadOnlyList<ProbeDifference> Derived,
    IReadOnlyList<NoiseField> Noise,
    IReadOnlyList<FieldCapacity> Capacity,
    double TotalBits)
{
    public int NoiseCount => Noise.Count;

    /// <summary>
    /// Measured bits per message over all fields together: log2 of how many variants send requests that differ
    /// in something other than derived tokens. Not the sum of <see cref="Capacity"/>, since fields driven by the
    /// same factor carry the same information; and at most log2 of the number of variants, which is all a probe
    /// of that many variants can measure.
    /// </summary>
    public double TotalBits { get; init; } = TotalBits;
}

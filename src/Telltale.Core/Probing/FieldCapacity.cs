namespace Telltale.Probing;

/// <summary>
/// How much a field was seen to carry: the number of distinct stable values across the variants, derived
/// tokens set aside, and its log2 as bits per message. It is measured, a lower bound on what the tool could
/// encode given other variants.
/// </summary>
public sealed record FieldCapacity(RequestKey Request, FieldPath Field, int DistinctValues)
{
    public double Bits => Math.Log2(DistinctValues);
}

namespace Telltale.Probing;

/// <summary>
/// "The variant sets <see cref="Factor"/> to one of <see cref="Values"/>". Usually one value
/// (<c>TZ=Asia/Shanghai</c>); several when the same difference follows from each of them, as when every
/// listed base URL gets the same curly apostrophe.
/// </summary>
public sealed record FactorCondition(string Factor, IReadOnlyList<string> Values)
{
    public bool HoldsFor(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue(Factor, out var value) && Values.Contains(value, StringComparer.Ordinal);

    public override string ToString() => Values.Count == 1
        ? $"{Factor}={Values[0]}"
        : $"{Factor} ∈ {{{string.Join(", ", Values)}}}";
}

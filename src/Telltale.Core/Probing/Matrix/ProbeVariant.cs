namespace Telltale.Probing.Matrix;

/// <summary>
/// One environment to run the tool in: the variables it sets on top of the probe's clean base
/// environment. A null value removes the variable.
/// </summary>
public sealed record ProbeVariant(string Name, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>"TZ=Asia/Shanghai, ANTHROPIC_BASE_URL=https://api.deepseek.com", or "(defaults)".</summary>
    public string Describe() => Environment.Count == 0
        ? "(defaults)"
        : string.Join(", ", Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value is null ? $"{kv.Key} unset" : $"{kv.Key}={kv.Value}"));
}

using Telltale.Probing.Isolation;

namespace Telltale.Tests.Probing.Isolation;

/// <summary>
/// A fact that needs the probe's network isolation (root, or unprivileged user namespaces). Whether it can be made
/// here is tried once per test run; where it cannot, the test is reported as skipped with the reason, never passed.
/// </summary>
public sealed class NetworkIsolationFactAttribute : FactAttribute
{
    internal static readonly Lazy<string?> Unavailable = new(() =>
    {
        using var network = IsolatedNetwork.TryCreate(["isolation-check.example"], out var reason);
        return network is null ? reason ?? "unknown reason" : null;
    });

    public NetworkIsolationFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = $"needs network isolation (root, or unprivileged user namespaces): {reason}";
        }
    }
}

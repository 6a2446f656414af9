namespace Telltale.Tests.Probing.Isolation;

/// <summary>A theory that needs the probe's network isolation: skipped with the reason where it cannot be made, never passed.</summary>
public sealed class NetworkIsolationTheoryAttribute : TheoryAttribute
{
    public NetworkIsolationTheoryAttribute()
    {
        if (NetworkIsolationFactAttribute.Unavailable.Value is { } reason)
        {
            Skip = $"needs network isolation (root, or unprivileged user namespaces): {reason}";
        }
    }
}

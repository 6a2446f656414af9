using Telltale.Probing.Isolation;

namespace Telltale.Tests.Probing.Isolation;

/// <summary>
/// A fact about the unprivileged isolation (a user namespace and its holder), which tests force even as root: run
/// wherever the kernel allows unprivileged user namespaces (tried once per test run), else skipped with the reason.
/// </summary>
public sealed class UserNamespaceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        using var network = IsolatedNetwork.TryCreateInUserNamespace(["isolation-check.example"], out var reason);
        return network is null ? reason ?? "unknown reason" : null;
    });

    /// <summary>
    /// For what holds only when the namespace's owner is not root: a root test process maps root into the namespace,
    /// and its programs keep root's capabilities there.
    /// </summary>
    public bool WithoutRoot { get; set; }

    public override string? Skip
    {
        get => base.Skip
            ?? (Unavailable.Value is { } reason ? $"needs unprivileged user namespaces: {reason}"
                : WithoutRoot && Environment.IsPrivilegedProcess ? "holds only for a test process that is not root (CI runs it as one)" : null);
        set => base.Skip = value;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Telltale.Probing.Isolation;

/// <summary>
/// A private network (only loopback) and a private <c>/etc/hosts</c> for the programs a probe runs, made with Linux
/// network and mount namespaces. As root, one dedicated thread of this process enters them
/// (<see cref="ThreadNamespaces"/>); otherwise a new user namespace holds them, where the kernel allows unprivileged
/// ones (<see cref="HolderNamespaces"/>). Either way listening sockets made by <see cref="Listen"/> and programs
/// started by <see cref="Start"/> live inside, while this process and the machine keep their network, and nothing
/// the child does can reach anything but loopback.
/// </summary>
public sealed class IsolatedNetwork : IDisposable
{
    private readonly INamespaces _namespaces;
    private readonly DirectoryInfo _privateDirectory;

    private IsolatedNetwork(INamespaces namespaces, DirectoryInfo privateDirectory, IReadOnlyList<string> hostNames)
    {
        _namespaces = namespaces;
        _privateDirectory = privateDirectory;
        HostNames = hostNames;
    }

    /// <summary>The host names that resolve to 127.0.0.1 inside.</summary>
    public IReadOnlyList<string> HostNames { get; }

    /// <summary>How the namespaces were made (with root or without), one phrase for the report.</summary>
    public string Description => _namespaces.Description;

    /// <summary>The user-namespace implementation when it is the one in use, for tests.</summary>
    internal HolderNamespaces? Holder => _namespaces as HolderNamespaces;

    /// <summary>The folder (only this user may enter it) holding the hosts file and the holder's control socket.</summary>
    internal string PrivateDirectory => _privateDirectory.FullName;

    /// <summary>
    /// Makes the namespaces, or returns null with a one-line reason (not Linux, neither root nor unprivileged user
    /// namespaces) so the caller can say clearly that the run would not be isolated.
    /// </summary>
    public static IsolatedNetwork? TryCreate(IReadOnlyCollection<string> hostNames, out string? reason) =>
        TryCreate(hostNames, userNamespaceOnly: false, out reason);

    /// <summary>The unprivileged way even as root, so tests run it wherever the kernel allows it.</summary>
    internal static IsolatedNetwork? TryCreateInUserNamespace(IReadOnlyCollection<string> hostNames, out string? reason) =>
        TryCreate(hostNames, userNamespaceOnly: true, out reason);

    /// <summary>A listening TCP socket inside the namespace (hand its handle to a server).</summary>
    public Socket Listen(IPEndPoint endpoint, int backlog = 512)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _namespaces.Listen(endpoint, backlog);
    }

    /// <summary>Starts a program inside the namespace; the <see cref="Process"/> is the program itself.</summary>
    public Process Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return _namespaces.Start(start);
    }

    public void Dispose()
    {
        _namespaces.Dispose();
        TryDelete(_privateDirectory);
    }

    private static IsolatedNetwork? TryCreate(IReadOnlyCollection<string> hostNames, bool userNamespaceOnly, out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "network isolation needs Linux namespaces; this is not Linux";
            return null;
        }

        var names = hostNames.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (names.FirstOrDefault(h => !Matrix.HostNameSyntax.IsHostName(h)) is { } bad)
        {
            reason = $"'{bad}' is not a host name";
            return null;
        }

        // Made with mode 0700: the holder's control socket in it is reachable by this user only.
        var privateDirectory = Directory.CreateTempSubdirectory("telltale-isolation-");
        var hostsFile = Path.Combine(privateDirectory.FullName, "hosts");
        // IPv4 only: one address per name means one listener to serve it, whatever family the child prefers.
        File.WriteAllLines(hostsFile, ["127.0.0.1 localhost", "::1 localhost", .. names.Select(h => $"127.0.0.1 {h}")]);

        string? asRoot = null;
        INamespaces? namespaces = null;
        if (!userNamespaceOnly && Environment.IsPrivilegedProcess)
        {
            namespaces = ThreadNamespaces.TryEnter(hostsFile, out asRoot);
        }

        string? withoutRoot = null;
        namespaces ??= HolderNamespaces.TryStart(privateDirectory.FullName, hostsFile, out withoutRoot);
        if (namespaces is null)
        {
            TryDelete(privateDirectory);
            reason = userNamespaceOnly ? withoutRoot
                : asRoot is null ? $"not root (run as root, or allow unprivileged user namespaces), and {withoutRoot}"
                : $"{asRoot} as root, and {withoutRoot}";
            return null;
        }

        return new IsolatedNetwork(namespaces, privateDirectory, names);
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; failing the probe over it is not.
        }
    }
}

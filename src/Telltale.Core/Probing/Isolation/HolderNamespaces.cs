using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace Telltale.Probing.Isolation;

/// <summary>
/// Namespaces without root: a new user namespace, where this user is mapped to itself and the namespace's first
/// process holds every capability over the network and mount namespaces made with it (what <c>unshare -Urn</c>
/// relies on). A multithreaded process cannot enter a new user namespace, so a small holder process
/// (Telltale.Probing.NamespaceHolder) is started in them by <c>unshare</c>; it sets them up, makes the listening
/// sockets and passes them back over a Unix socket in this probe's private folder. Programs are started inside by
/// <c>nsenter</c>, which enters the holder's namespaces and then runs the program in its own place (no fork), so
/// the <see cref="Process"/> is the program. They run as this user, with no capabilities: they cannot undo the
/// hosts file or change the network.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class HolderNamespaces : INamespaces
{
    internal const string HolderAssemblyFile = "Telltale.Probing.NamespaceHolder.dll";

    /// <summary>Generous: the holder is a .NET start on a machine that may be busy; waiting ends as soon as it answers or exits.</summary>
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);
    private static readonly string[] SystemDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    private readonly Process _holder;
    private readonly Socket _control;
    private readonly string _nsenter;
    private readonly Lock _gate = new();

    private HolderNamespaces(Process holder, Socket control, string nsenter)
    {
        _holder = holder;
        _control = control;
        _nsenter = nsenter;
    }

    public string Description => "own user, network (loopback only) and mount namespace, without root";

    /// <summary>The holder, for tests that check it ends.</summary>
    internal Process Holder => _holder;

    /// <summary>
    /// Starts the holder with its control socket in <paramref name="privateDirectory"/> (which only this user may
    /// enter), or returns null with a one-line reason.
    /// </summary>
    public static HolderNamespaces? TryStart(string privateDirectory, string hostsFile, out string? reason)
    {
        var unshare = FindProgram("unshare", null);
        var nsenter = FindProgram("nsenter", null);
        if (unshare is null || nsenter is null)
        {
            reason = "unshare and nsenter (util-linux) are not installed";
            return null;
        }

        var dotnet = FindDotnetHost();
        var holderAssembly = FindHolderAssembly();
        if (dotnet is null || holderAssembly is null)
        {
            reason = dotnet is null ? "cannot find the dotnet host to start the namespace holder with" : $"{HolderAssemblyFile} is missing next to Telltale.Core.dll";
            return null;
        }

        var controlPath = Path.Combine(privateDirectory, "control");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(controlPath));
            listener.Listen(1);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // ArgumentException: a path longer than a Unix socket address holds (a long TMPDIR).
            reason = $"cannot make the namespace holder's control socket {controlPath}: {ex.Message}";
            return null;
        }

        var start = new ProcessStartInfo(unshare)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = privateDirectory,
        };
        foreach (var argument in (string[])[
            "--user", $"--map-user={Native.GetEffectiveUserId()}", $"--map-group={Native.GetEffectiveGroupId()}", "--keep-caps",
            "--net", "--mount", "--propagation", "private", "--", dotnet, "exec", holderAssembly, controlPath, hostsFile])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new BoundedLines();
        Process holder;
        try
        {
            holder = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            reason = $"cannot start {unshare}: {ex.Message}";
            return null;
        }

        holder.OutputDataReceived += (_, e) => output.Add(e.Data);
        holder.ErrorDataReceived += (_, e) => output.Add(e.Data);
        holder.BeginOutputReadLine();
        holder.BeginErrorReadLine();
        holder.StandardInput.Close();

        var control = AcceptHolder(listener, holder);
        string? answer = null;
        try
        {
            answer = control is null ? null : ReceiveAnswer(control, out _);
        }
        catch (IOException)
        {
            // Said nothing: the holder's own output below tells why.
        }

        if (control is not null && answer == HolderProtocol.Ready)
        {
            reason = null;
            return new HolderNamespaces(holder, control, nsenter);
        }

        control?.Dispose();
        Stop(holder);
        reason = answer is not null && answer.StartsWith(HolderProtocol.Failed + " ", StringComparison.Ordinal)
            ? answer[(HolderProtocol.Failed.Length + 1)..]
            : $"cannot make an unprivileged user namespace: {output.FirstOr("the namespace holder did not start")}";
        holder.Dispose();
        return null;
    }

    public Socket Listen(IPEndPoint endpoint, int backlog)
    {
        lock (_gate)
        {
            DescriptorPassing.Send(_control, HolderProtocol.Encode($"{HolderProtocol.Listen} {endpoint.Address} {endpoint.Port} {backlog}"), -1);
            var answer = ReceiveAnswer(_control, out var descriptor);
            if (answer == HolderProtocol.Ok && descriptor >= 0)
            {
                return new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
            }

            if (descriptor >= 0)
            {
                using var unexpected = new SafeSocketHandle(descriptor, ownsHandle: true);
            }

            throw answer.Split(' ', 3) is [HolderProtocol.Error, var code, var message] && int.TryParse(code, out var error)
                ? new SocketException(error, message)
                : new IOException($"the namespace holder answered '{answer}'");
        }
    }

    public Process Start(ProcessStartInfo start)
    {
        var workingDirectory = Path.GetFullPath(string.IsNullOrEmpty(start.WorkingDirectory) ? Directory.GetCurrentDirectory() : start.WorkingDirectory);
        var program = ResolveProgram(start.FileName, start.Environment.TryGetValue("PATH", out var path) ? path : null);
        var entering = new ProcessStartInfo(_nsenter)
        {
            RedirectStandardInput = start.RedirectStandardInput,
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            StandardInputEncoding = start.StandardInputEncoding,
            StandardOutputEncoding = start.StandardOutputEncoding,
            StandardErrorEncoding = start.StandardErrorEncoding,
            UseShellExecute = false,
            // Also nsenter's own, so a missing folder fails here as it does for any Process.Start.
            WorkingDirectory = workingDirectory,
        };
        // After entering the mount namespace the working directory is the holder's; name it again.
        string[] prefix = ["--target", _holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", "--net", "--mount", "--preserve-credentials", $"--wd={workingDirectory}", "--", program];
        if (start.ArgumentList.Count == 0 && start.Arguments.Length > 0)
        {
            entering.Arguments = string.Join(' ', prefix.Select(Quote)) + " " + start.Arguments;
        }
        else
        {
            foreach (var argument in prefix.Concat(start.ArgumentList))
            {
                entering.ArgumentList.Add(argument);
            }
        }

        entering.Environment.Clear();
        foreach (var (key, value) in start.Environment)
        {
            entering.Environment[key] = value;
        }

        return Process.Start(entering) ?? throw new InvalidOperationException($"{start.FileName} did not start");
    }

    /// <summary>What the holder sees when this process dies: its control connection ends. For tests.</summary>
    internal void CloseControlConnection() => _control.Dispose();

    public void Dispose()
    {
        CloseControlConnection();
        Stop(_holder);
        _holder.Dispose();
    }

    private static void Stop(Process holder)
    {
        // A holder that lost its connection exits by itself; one that hangs must not outlive the probe.
        if (!holder.WaitForExit(ExitDeadline))
        {
            try
            {
                holder.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        holder.WaitForExit(); // and the end of its output
    }

    private static Socket? AcceptHolder(Socket listener, Process holder)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < AnswerDeadline)
        {
            if (listener.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead))
            {
                return listener.Accept();
            }

            if (holder.HasExited)
            {
                holder.WaitForExit(); // its output, to the end
                return null;
            }
        }

        return null;
    }

    private static string ReceiveAnswer(Socket control, out int descriptor)
    {
        if (!control.Poll(AnswerDeadline, SelectMode.SelectRead))
        {
            throw new IOException("the namespace holder did not answer");
        }

        var buffer = new byte[HolderProtocol.MaxMessageBytes];
        var length = DescriptorPassing.Receive(control, buffer, out descriptor);
        return length > 0 ? Encoding.UTF8.GetString(buffer, 0, length) : throw new IOException("the namespace holder has ended");
    }

    /// <summary>
    /// Where the program is, found here rather than by nsenter so a missing one fails at start as
    /// <see cref="Process.Start()"/> does: a path as given (relative to our folder), a bare name on the child's PATH.
    /// </summary>
    private static string ResolveProgram(string fileName, string? childPath)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return Path.GetFullPath(fileName);
        }

        return FindProgram(fileName, childPath ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            ?? throw new Win32Exception(2, $"cannot start '{fileName}': not found on PATH");
    }

    /// <summary>An executable file named <paramref name="name"/> in a folder of <paramref name="searchPath"/> (ours and the system's when null).</summary>
    private static string? FindProgram(string name, string? searchPath)
    {
        var folders = searchPath is null
            ? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(SystemDirectories)
            : searchPath.Split(':');
        foreach (var folder in folders.Where(f => f.Length > 0 && Path.IsPathRooted(f)))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The dotnet host of the runtime running us: the shared framework lives in ROOT/shared/Microsoft.NETCore.App/VERSION
    /// and its host is ROOT/dotnet, whether we were started by an apphost, a test host or dotnet itself; then what the
    /// SDK and the environment name.
    /// </summary>
    private static string? FindDotnetHost()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var processPath = Environment.ProcessPath;
        string?[] candidates =
        [
            Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "dotnet")),
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            processPath is not null && Path.GetFileName(processPath) == "dotnet" ? processPath : null,
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, "dotnet") : null,
            FindProgram("dotnet", null),
        ];
        return candidates.FirstOrDefault(c => c is not null && Path.IsPathRooted(c) && File.Exists(c));
    }

    /// <summary>Next to Telltale.Core.dll, where every project that uses it gets a copy; else next to the application.</summary>
    private static string? FindHolderAssembly()
    {
        string?[] folders = [Path.GetDirectoryName(typeof(HolderNamespaces).Assembly.Location), AppContext.BaseDirectory];
        return folders
            .Where(f => !string.IsNullOrEmpty(f))
            .Select(f => Path.Combine(f!, HolderAssemblyFile))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Quoted for <see cref="ProcessStartInfo.Arguments"/>: inside double quotes, backslashes before a quote and the quote escaped.</summary>
    private static string Quote(string argument)
    {
        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }

    /// <summary>The holder's first lines of output (it prints only when something is wrong), kept bounded.</summary>
    private sealed class BoundedLines
    {
        private const int MaxLines = 20;
        private readonly List<string> _lines = [];

        public void Add(string? line)
        {
            lock (_lines)
            {
                if (!string.IsNullOrWhiteSpace(line) && _lines.Count < MaxLines)
                {
                    _lines.Add(line.Trim());
                }
            }
        }

        public string FirstOr(string fallback)
        {
            lock (_lines)
            {
                return _lines.Count > 0 ? _lines[0] : fallback;
            }
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "geteuid")]
        public static partial uint GetEffectiveUserId();

        [LibraryImport("libc", EntryPoint = "getegid")]
        public static partial uint GetEffectiveGroupId();
    }
}

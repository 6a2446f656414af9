using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Telltale.Probing.Isolation;

namespace Telltale.Tests.Probing.Isolation;

/// <summary>
/// The isolation made without root — a user namespace held by the namespace holder, programs entered with nsenter —
/// forced even when the test process is root, so these run wherever the kernel allows unprivileged user namespaces.
/// </summary>
[SupportedOSPlatform("linux")]
public class UserNamespaceIsolationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static IsolatedNetwork Create(params string[] hostNames)
    {
        var network = IsolatedNetwork.TryCreateInUserNamespace(hostNames, out var reason);
        Assert.True(network is not null, reason);
        Assert.NotNull(network.Holder);
        return network;
    }

    private static (int ExitCode, string Output) Bash(IsolatedNetwork network, string script) =>
        IsolatedNetworkTests.Run(network, "bash", "-c", script);

    /// <summary>Exited and reaped, or at least a zombie: nothing of it runs any more.</summary>
    private static bool IsGone(int processId)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{processId}/stat");
            return status[(status.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static bool WaitUntilGone(int processId)
    {
        var waited = Stopwatch.StartNew();
        while (!IsGone(processId))
        {
            if (waited.Elapsed > Deadline)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    public class Inside
    {
        [UserNamespaceFact]
        public void A_program_has_only_loopback_and_reaches_neither_this_machine_nor_the_internet()
        {
            // Something this machine serves on its own non-loopback address, reachable from here (outside).
            var address = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
            Assert.True(address is not null, "this test needs a non-loopback IPv4 address on this machine");
            using var outsideListener = new TcpListener(address, 0);
            outsideListener.Start();
            var port = ((IPEndPoint)outsideListener.LocalEndpoint).Port;
            using (var fromHere = new TcpClient())
            {
                fromHere.Connect(address, port);
            }

            using var network = Create("api.example.com");
            var (machine, machineOutput) = Bash(network, $"exec 3<>/dev/tcp/{address}/{port} && echo connected");
            var (internet, internetOutput) = Bash(network, "exec 3<>/dev/tcp/1.1.1.1/443 && echo connected");
            var (_, interfaces) = Bash(network, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");

            Assert.NotEqual(0, machine);
            Assert.Contains("Network is unreachable", machineOutput, StringComparison.Ordinal);
            Assert.NotEqual(0, internet);
            Assert.Contains("Network is unreachable", internetOutput, StringComparison.Ordinal);
            Assert.Equal(["lo"], interfaces.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        [UserNamespaceFact]
        public void The_listed_names_resolve_to_loopback_through_the_private_hosts_file_and_the_machine_keeps_its_own()
        {
            var before = File.ReadAllText("/etc/hosts");
            using (var network = Create("api.deepseek.com", "only-inside.example"))
            {
                var (listed, listedOutput) = IsolatedNetworkTests.Run(network, "getent", "hosts", "api.deepseek.com");
                var (outside, _) = IsolatedNetworkTests.Run(network, "getent", "hosts", "registry.npmjs.org");
                var (_, hosts) = IsolatedNetworkTests.Run(network, "cat", "/etc/hosts");

                Assert.Equal(0, listed);
                Assert.Equal("127.0.0.1", listedOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
                Assert.NotEqual(0, outside);
                Assert.Contains("127.0.0.1 only-inside.example", hosts, StringComparison.Ordinal);
                Assert.Equal(before, File.ReadAllText("/etc/hosts"));
            }

            Assert.Equal(before, File.ReadAllText("/etc/hosts"));
        }

        [UserNamespaceFact]
        public void A_program_runs_as_this_user_in_the_folder_it_was_given()
        {
            var folder = Directory.CreateTempSubdirectory("telltale-userns-cwd-").FullName;
            try
            {
                using var network = Create();
                var start = new ProcessStartInfo("bash", ["-c", "id -u; pwd"]) { RedirectStandardOutput = true, WorkingDirectory = folder };
                using var process = network.Start(start);
                var output = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                process.WaitForExit();

                using var id = Process.Start(new ProcessStartInfo("id", ["-u"]) { RedirectStandardOutput = true })!;
                Assert.Equal([id.StandardOutput.ReadToEnd().Trim(), folder], output);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [UserNamespaceFact(WithoutRoot = true)]
        public void A_program_cannot_take_the_private_hosts_file_away()
        {
            using var network = Create("only-inside.example");

            var (exitCode, output) = Bash(network, "umount /etc/hosts; cat /etc/hosts");

            Assert.Contains("127.0.0.1 only-inside.example", output, StringComparison.Ordinal);
            Assert.Equal(0, exitCode);
        }

        [UserNamespaceFact]
        public void Killing_a_program_with_its_process_tree_ends_what_it_started()
        {
            using var network = Create();
            var start = new ProcessStartInfo("bash", ["-c", "sleep 300 & echo $!; wait"]) { RedirectStandardOutput = true };
            using var process = network.Start(start);
            var sleeper = int.Parse(process.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(IsGone(sleeper));

            process.Kill(entireProcessTree: true);
            process.WaitForExit();

            Assert.True(WaitUntilGone(sleeper), $"sleep ({sleeper}) still runs");
        }

        [UserNamespaceFact]
        public void A_program_that_does_not_exist_fails_to_start()
        {
            using var network = Create();

            Assert.Throws<System.ComponentModel.Win32Exception>(() => network.Start(new ProcessStartInfo("telltale-no-such-program")));
        }
    }

    public class Listen
    {
        [UserNamespaceFact]
        public async Task A_socket_made_inside_serves_programs_inside_and_not_this_machine()
        {
            using var network = Create("api.deepseek.com");
            using var listener = network.Listen(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            var served = Task.Run(async () =>
            {
                using var connection = await listener.AcceptAsync();
                var buffer = new byte[64];
                var read = await connection.ReceiveAsync(buffer);
                await connection.SendAsync(Encoding.ASCII.GetBytes("inside:" + Encoding.ASCII.GetString(buffer, 0, read).Trim() + "\n"));
            });

            var (exitCode, output) = Bash(network, $"exec 3<>/dev/tcp/api.deepseek.com/{port}; echo ping >&3; head -n1 <&3");
            await served;

            Assert.Equal(0, exitCode);
            Assert.Equal("inside:ping", output.Trim());
            using var outsider = new TcpClient();
            var refused = Assert.ThrowsAny<SocketException>(() => outsider.Connect(IPAddress.Loopback, port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        [UserNamespaceFact]
        public void Binds_privileged_ports_and_reports_one_taken_as_in_use()
        {
            using var network = Create();
            using var https = network.Listen(new IPEndPoint(IPAddress.Loopback, 443));

            var taken = Assert.Throws<SocketException>(() => network.Listen(new IPEndPoint(IPAddress.Loopback, 443)));

            Assert.Equal(443, ((IPEndPoint)https.LocalEndPoint!).Port);
            Assert.Equal(SocketError.AddressAlreadyInUse, taken.SocketErrorCode);
        }
    }

    public class TheHolder
    {
        [UserNamespaceFact]
        public void Ends_when_the_network_is_disposed_and_takes_its_files_with_it()
        {
            var network = Create("api.example.com");
            var holder = network.Holder!.Holder.Id;
            var folder = network.PrivateDirectory;
            Assert.False(IsGone(holder));

            network.Dispose();

            Assert.True(WaitUntilGone(holder), $"holder {holder} still runs");
            Assert.False(Directory.Exists(folder));
        }

        [UserNamespaceFact]
        public void Ends_by_itself_and_removes_its_folder_when_its_parent_is_gone()
        {
            using var network = Create("api.example.com");
            var holder = network.Holder!;
            var folder = network.PrivateDirectory;

            // What the holder sees when this process dies: the control connection ends.
            holder.CloseControlConnection();

            Assert.True(holder.Holder.WaitForExit(Deadline), "the holder outlived its control connection");
            Assert.Equal(0, holder.Holder.ExitCode);
            Assert.False(Directory.Exists(folder));
        }
    }
}

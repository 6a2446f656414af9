using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Telltale.Probing.Isolation;

namespace Telltale.Tests.Probing.Isolation;

/// <summary>
/// Runs real children in real namespaces, made the way this test process can make them: as root on one thread,
/// otherwise in an unprivileged user namespace (CI runs them both ways). Where neither is possible these tests are
/// reported as skipped (<see cref="NetworkIsolationFactAttribute"/>) rather than passed.
/// </summary>
public class IsolatedNetworkTests
{
    internal static (int ExitCode, string Output) Run(IsolatedNetwork network, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = network.Start(start);
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    public class TryCreate
    {
        [NetworkIsolationFact]
        public void Maps_the_listed_names_to_loopback_inside_and_nothing_else_resolves()
        {
            using var network = IsolatedNetwork.TryCreate(["api.deepseek.com", "LLM.Example.com"], out var reason);
            Assert.True(network is not null, reason);

            var (listed, listedOutput) = Run(network, "getent", "hosts", "api.deepseek.com");
            var (mixedCase, mixedOutput) = Run(network, "getent", "hosts", "llm.example.com");
            var (outside, _) = Run(network, "getent", "hosts", "registry.npmjs.org");

            Assert.Equal(0, listed);
            Assert.Contains("127.0.0.1", listedOutput, StringComparison.Ordinal);
            Assert.Equal(0, mixedCase);
            Assert.Contains("127.0.0.1", mixedOutput, StringComparison.Ordinal);
            Assert.NotEqual(0, outside);
        }

        [NetworkIsolationFact]
        public void Leaves_the_machine_hosts_file_alone()
        {
            var before = File.ReadAllText("/etc/hosts");
            using (var network = IsolatedNetwork.TryCreate(["only-inside.example"], out var reason))
            {
                Assert.True(network is not null, reason);
                Assert.Equal(before, File.ReadAllText("/etc/hosts"));
            }

            Assert.DoesNotContain("only-inside.example", File.ReadAllText("/etc/hosts"), StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_what_is_not_a_host_name()
        {
            using var network = IsolatedNetwork.TryCreate(["evil.example\n1.2.3.4 registry.npmjs.org"], out var reason);

            Assert.Null(network);
            Assert.Contains("not a host name", reason, StringComparison.Ordinal);
        }
    }

    public class Listen
    {
        [NetworkIsolationFact]
        public async Task Serves_children_inside_and_is_unreachable_from_outside()
        {
            using var network = IsolatedNetwork.TryCreate(["api.deepseek.com"], out var reason);
            Assert.True(network is not null, reason);
            using var listener = network.Listen(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            var served = Task.Run(async () =>
            {
                using var connection = await listener.AcceptAsync();
                var buffer = new byte[64];
                var read = await connection.ReceiveAsync(buffer);
                await connection.SendAsync(Encoding.ASCII.GetBytes("inside:" + Encoding.ASCII.GetString(buffer, 0, read).Trim() + "\n"));
            });

            var (exitCode, output) = Run(network, "bash", "-c", $"exec 3<>/dev/tcp/api.deepseek.com/{port}; echo ping >&3; head -n1 <&3");
            await served;

            Assert.Equal(0, exitCode);
            Assert.Equal("inside:ping", output.Trim());
            using var outsider = new TcpClient();
            Assert.ThrowsAny<SocketException>(() => outsider.Connect(IPAddress.Loopback, port));
        }
    }
}

using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;
using Telltale.Tests.Artifacts.Native;

namespace Telltale.Tests.Scanning;

/// <summary>
/// A covert check compiled into a single-file executable must be found exactly as in the plain script:
/// the same behaviour (severity, capacity, capabilities, hidden values) from the module inside the
/// binary. The executables are built here with the real tools (Bun from npm, this machine's Node).
/// </summary>
public sealed class SingleFileExecutableScanTests
{
    private static readonly Scanner Scanner = new(new ScanOptions(), new TargetResolver());

    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures");

    public static TheoryData<string> CovertFixtures() =>
    [
        "base64-xor-domains-apostrophe.js",
        "computed-env-zero-width.js",
        "hostname-hyphen-network.js",
        "runtime-decoder-quotes.js",
    ];

    private static async Task<ScanReport> ScanAsync(string path) => await Scanner.ScanAsync(path);

    /// <summary>What must survive compilation: everything but locations and minified names.</summary>
    private static string Signature(Finding finding)
    {
        var behaviour = finding.Behaviour!;
        var values = behaviour.Steps().SelectMany(s => s.Values).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var capabilities = finding.Capabilities.Order(StringComparer.Ordinal);
        return $"{finding.Severity} {behaviour.CapacityBits:0.00} bits\ncapabilities: {string.Join(", ", capabilities)}\nvalues: {string.Join(" | ", values)}";
    }

    private static Finding SingleBehaviour(ScanReport report, string what)
    {
        var behaviours = report.Findings.Where(f => f.Behaviour is not null).ToList();
        Assert.True(behaviours.Count == 1, $"{what}: expected one behaviour finding, got {behaviours.Count}:\n{string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity} {f.Title} {f.Location}"))}");
        return behaviours[0];
    }

    public sealed class BunExecutables
    {
        [Theory]
        [MemberData(nameof(CovertFixtures), MemberType = typeof(SingleFileExecutableScanTests))]
        public async Task Yield_the_same_behaviour_as_the_plain_script(string fixture)
        {
            var scriptPath = Path.Combine(FixtureDirectory, fixture);
            var plain = SingleBehaviour(await ScanAsync(scriptPath), fixture);

            foreach (var options in new[] { new BunBuildOptions(), new BunBuildOptions { Minify = true }, new BunBuildOptions { Bytecode = true } })
            {
                var executable = BunBuilder.Build(File.ReadAllText(scriptPath), options);
                var compiled = SingleBehaviour(await ScanAsync(executable), $"{fixture} {options}");

                Assert.Equal(Signature(plain), Signature(compiled));
                Assert.Equal("$bunfs/root/app", compiled.Location.Path);
            }
        }

        [Fact]
        public async Task Name_the_module_and_scan_the_runtime_around_it()
        {
            var executable = BunBuilder.Build(File.ReadAllText(Path.Combine(FixtureDirectory, "base64-xor-domains-apostrophe.js")));

            var report = await ScanAsync(executable);

            // The module, and the executable's own bytes before and after the payload, each scanned once.
            Assert.True(report.Statistics.Entries >= 2, $"{report.Statistics.Entries} entries");
            Assert.Contains(report.Findings, f => f.RuleId == "TT1001" && f.Location.Path == "$bunfs/root/app");
            Assert.DoesNotContain(report.Findings, f => f.RuleId is "TT1404" or "TT1405" or "TT1406");
        }
    }

    public sealed class NodeSingleExecutableApplications
    {
        [Theory]
        [MemberData(nameof(CovertFixtures), MemberType = typeof(SingleFileExecutableScanTests))]
        public async Task Yield_the_same_behaviour_as_the_plain_script(string fixture)
        {
            var scriptPath = Path.Combine(FixtureDirectory, fixture);
            var plain = SingleBehaviour(await ScanAsync(scriptPath), fixture);

            var executable = NodeSeaBuilder.Build(File.ReadAllText(scriptPath));
            var compiled = SingleBehaviour(await ScanAsync(executable), $"{fixture} as a SEA");

            Assert.Equal(Signature(plain), Signature(compiled));
        }
    }

    public sealed class DamagedExecutables
    {
        [Fact]
        public async Task Are_scanned_to_the_end_with_what_could_be_read()
        {
            var source = File.ReadAllText(Path.Combine(FixtureDirectory, "base64-xor-domains-apostrophe.js"));
            var whole = File.ReadAllBytes(BunBuilder.Build(source));
            using var temp = new TempDirectory();
            var payload = Telltale.Artifacts.Native.BunModuleGraphReader.TryRead(whole, Telltale.Artifacts.Native.NativeImage.TryRead(whole, out _))!;
            var cuts = new long[]
            {
                whole.Length / 3,                              // inside the runtime: no graph at all
                payload.Offset + (payload.Length / 2),          // inside the graph: no trailer
                whole.Length - 20,                              // inside the section headers
                whole.Length - 1,
            };

            foreach (var cut in cuts)
            {
                var path = temp.Write($"cut-{cut}", whole[..(int)cut]);
                var report = await ScanAsync(path);
                Assert.True(report.Statistics.Entries >= 1, $"cut at {cut}: nothing scanned");
            }

            // Pointers bent out of range: the damaged layout is reported at high, never followed.
            var bent = (byte[])whole.Clone();
            var offsetsAt = (int)(payload.Offset + payload.Length) - 16 - 32;
            bent[offsetsAt + 8] = 0xFF;
            bent[offsetsAt + 11] = 0x7F;
            var bentReport = await ScanAsync(temp.Write("bent", bent));
            Assert.Contains(bentReport.Findings, f => f.RuleId == "TT1406" && f.Severity == Severity.High);
        }
    }
}

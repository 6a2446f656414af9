using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Tests.Artifacts.Native;

namespace Telltale.Tests.Probing.Matrix;

public sealed class ProbeScanTargetFinderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-scan-target-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ProbeScanTarget Identify(params string[] command) =>
        ProbeScanTargetFinder.Identify(new ProbedProgram(command[0], command[1..]), "/usr/bin:/bin", _folder);

    /// <summary>A package with its script one folder down, as published packages have them (<c>dist/cli.js</c>).</summary>
    private string Package(string script = "dist/cli.js", string content = "console.log(process.env.ANTHROPIC_BASE_URL);\n")
    {
        var package = Path.Combine(_folder, "pkg");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(package, script))!);
        File.WriteAllText(Path.Combine(package, "package.json"), """{ "name": "pkg", "version": "1.0.0" }""");
        File.WriteAllText(Path.Combine(package, script), content);
        return package;
    }

    private string Executable(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        MakeExecutable(path);
        return path;
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public sealed class ARuntimeScript : IDisposable
    {
        private readonly ProbeScanTargetFinderTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Theory]
        [InlineData("node", "pkg/dist/cli.js", "-p", "hi")]
        [InlineData("node", "--no-warnings", "-r", "./setup.js", "--import=tsx", "pkg/dist/cli.js")]
        [InlineData("/usr/local/bin/node", "--", "pkg/dist/cli.js")]
        [InlineData("bun", "run", "--preload", "x.ts", "pkg/dist/cli.js")]
        [InlineData("deno", "run", "-A", "--config", "deno.json", "pkg/dist/cli.js")]
        [InlineData("tsx", "watch", "--tsconfig", "t.json", "pkg/dist/cli.js")]
        public void Is_scanned_as_the_package_folder_it_belongs_to(params string[] command)
        {
            var package = _fixture.Package();

            var target = _fixture.Identify(command);

            Assert.Equal(package, target.Target);
            Assert.Contains("package folder", target.Description, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(package, "dist", "cli.js"), target.Description, StringComparison.Ordinal);
        }

        [Fact]
        public void Outside_any_package_is_scanned_alone()
        {
            var script = Path.Combine(_fixture._folder, "loose.mjs");
            File.WriteAllText(script, "export {};\n");

            var target = _fixture.Identify("node", script);

            // A package.json above the temp folder would make this the package; the check then says which.
            Assert.Equal(script, target.Target);
        }

        [Fact]
        public void That_is_a_package_folder_is_scanned_as_it_is()
        {
            var package = _fixture.Package();

            Assert.Equal(package, _fixture.Identify("node", package).Target);
        }

        [Theory]
        [InlineData("node", "-e", "console.log(1)")]
        [InlineData("node", "--print", "1")]
        [InlineData("node")]
        [InlineData("node", "missing.js")]
        [InlineData("bun", "install")]
        [InlineData("deno", "eval", "1")]
        public void Given_as_code_or_missing_is_no_target_with_a_reason(params string[] command)
        {
            var target = _fixture.Identify(command);

            Assert.Null(target.Target);
            Assert.False(string.IsNullOrWhiteSpace(target.Description));
        }
    }

    public sealed class APackageRunner : IDisposable
    {
        private readonly ProbeScanTargetFinderTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Theory]
        [InlineData("npm:pkg@1.2.3", "npx", "-y", "pkg@1.2.3", "--flag", "arg")]
        [InlineData("npm:@scope/tool", "npm", "exec", "--", "@scope/tool", "-p", "x")]
        [InlineData("npm:@scope/tool@latest", "npm", "x", "--yes", "@scope/tool@latest")]
        [InlineData("npm:foo@2.0.0", "npx", "--package=foo@2.0.0", "--", "bar")]
        [InlineData("npm:foo@2.0.0", "npx", "-p", "foo@2.0.0", "bar")]
        [InlineData("npm:pkg@1.0.0", "bunx", "pkg@1.0.0")]
        [InlineData("npm:pkg@1.0.0", "bun", "x", "pkg@1.0.0")]
        [InlineData("npm:pkg@1.0.0", "pnpm", "dlx", "pkg@1.0.0")]
        [InlineData("npm:pkg", "npx", "--registry", "https://registry.example.com", "pkg")]
        public void Is_scanned_from_the_registry(string expected, params string[] command)
        {
            var target = _fixture.Identify(command);

            Assert.Equal(expected, target.Target);
        }

        [Fact]
        public void Running_a_local_folder_scans_the_folder()
        {
            var package = _fixture.Package();

            Assert.Equal(package, _fixture.Identify("npx", "./pkg").Target);
        }

        [Theory]
        [InlineData("npx", "-c", "echo hi")]
        [InlineData("npx", "git+https://example.com/a.git")]
        [InlineData("npx", "github:user/repo")]
        [InlineData("npx", "Not A Name")]
        [InlineData("npm", "exec")]
        public void That_names_no_registry_package_is_no_target(params string[] command)
        {
            var target = _fixture.Identify(command);

            Assert.Null(target.Target);
            Assert.DoesNotContain('\n', target.Description);
        }
    }

    public sealed class TheProgramItself : IDisposable
    {
        private readonly ProbeScanTargetFinderTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public void When_an_executable_carrying_javascript_is_scanned_whole()
        {
            var app = _fixture.Executable("app", new BunGraphWriter().Add(BunTestModule.Script("/$bunfs/root/app.js", "console.log(process.env.ANTHROPIC_BASE_URL)")).AppendTo(NativeSamples.Ls));

            var target = _fixture.Identify(app, "-p", "hi");

            Assert.Equal(app, target.Target);
        }

        [Fact]
        public void When_a_script_with_a_runtime_shebang_scans_its_package()
        {
            var package = _fixture.Package("bin/tool", "#!/usr/bin/env -S bun --smol\nconsole.log(1);\n");
            MakeExecutable(Path.Combine(package, "bin", "tool"));

            Assert.Equal(package, _fixture.Identify(Path.Combine(package, "bin", "tool")).Target);
        }

        [Fact]
        public void When_a_link_to_a_package_script_scans_the_package_it_points_into()
        {
            var package = _fixture.Package("cli.js", "#!/usr/bin/env node\nconsole.log(1);\n");
            var bin = Path.Combine(_fixture._folder, "bin");
            Directory.CreateDirectory(bin);
            MakeExecutable(Path.Combine(package, "cli.js"));
            File.CreateSymbolicLink(Path.Combine(bin, "tool"), Path.Combine(package, "cli.js"));

            var target = ProbeScanTargetFinder.Identify(new ProbedProgram("tool", []), bin, _fixture._folder);

            Assert.Equal(package, target.Target);
        }

        [Fact]
        public void When_a_plain_program_on_path_is_no_target()
        {
            var target = _fixture.Identify("ls", "-l");

            Assert.Null(target.Target);
            Assert.Contains("not a script, package or single-file executable", target.Description, StringComparison.Ordinal);
        }

        [Fact]
        public void When_not_on_path_is_no_target()
        {
            var target = _fixture.Identify("no-such-program-here");

            Assert.Null(target.Target);
            Assert.Contains("not on PATH", target.Description, StringComparison.Ordinal);
        }
    }
}

using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.JavaScript;
using Telltale.JavaScript.Linking;
using Telltale.JavaScript.Sandbox;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript.Linking;

/// <summary>
/// A check split across the files of a package (the list in one, the host in another, the choice and the request in
/// a third), scanned as the package is shipped: the chain is found whole, each step located in its own file, and no
/// file alone shows it, so the finding is owed to the linking.
/// </summary>
public sealed class PackageLinkingTests : IDisposable
{
    private static readonly string Packages = Path.Combine(AppContext.BaseDirectory, "JavaScript", "Packages");

    private readonly string _root = Directory.CreateTempSubdirectory("telltale-linking-").FullName;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(Packages).Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileName(folder));
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Finds_the_chain_across_the_files_of_a_package(string name)
    {
        var report = ScanFolder(Path.Combine(Packages, name));
        using var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Packages, name + ".expected.json")));

        FixtureExpectations.AssertMatches(AsAnalysis(report.Findings), expected, name);
        Assert.True(report.Complete, string.Join("; ", report.Incomplete.Select(i => i.Reason)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Locates_every_step_in_the_file_it_is_written_in(string name)
    {
        var folder = Path.Combine(Packages, name);
        var report = ScanFolder(folder);

        var critical = Assert.Single(report.Findings, f => f.Severity == Severity.Critical && f.Behaviour is not null);
        foreach (var step in critical.Behaviour!.Steps())
        {
            var file = Path.Combine(folder, step.Location.Path);
            Assert.True(File.Exists(file), $"{step.Kind} is located in {step.Location.Path}, which is no file of the package");
            var bytes = File.ReadAllBytes(file);
            Assert.InRange(step.Location.Offset + step.Location.Length, 0, bytes.Length);
            var lines = Encoding.UTF8.GetString(bytes, 0, (int)step.Location.Offset).Count(c => c == '\n') + 1;
            Assert.Equal(lines, step.Location.Line);
        }

        var list = critical.Behaviour.Steps().First(s => s.Kind == BehaviourStepKind.List);
        Assert.Contains("unhide(", File.ReadAllLines(Path.Combine(folder, list.Location.Path))[list.Location.Line - 1], StringComparison.Ordinal);
        var channel = critical.Behaviour.Steps().First(s => s.Kind == BehaviourStepKind.Channel);
        Assert.NotEqual(list.Location.Path, channel.Location.Path);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void No_file_alone_shows_the_chain(string name)
    {
        var folder = Path.Combine(Packages, name);
        foreach (var file in Directory.EnumerateFiles(folder, "*.*js", SearchOption.AllDirectories))
        {
            var analysis = new BehaviourAnalyzer(ScanLimits.Default).Analyze(File.ReadAllText(file), Path.GetRelativePath(folder, file));
            Assert.DoesNotContain(analysis.Findings, f => f.Severity == Severity.Critical);
        }
    }

    /// <summary>Files that require each other in a cycle, specifiers that leave the package or name nothing: linked where they can be, never a failure.</summary>
    [Fact]
    public void Links_a_cycle_and_ignores_what_is_not_in_the_package()
    {
        var folder = Folder(
            ("a.js", "const b = require('./b'); const c = require('../../../../etc/passwd'); const d = require('./missing'); module.exports = { hosts: () => b.list };"),
            ("b.js", "const a = require('./a.js'); exports.list = ['x.example']; exports.back = a;"));
        var scripts = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
            .Select(f => new PackageScript(Path.GetFileName(f), File.ReadAllText(f), Encoding.UTF8)).ToList();

        var components = ModuleLinker.Components(scripts);
        var linked = ModuleLinker.Link(scripts);

        Assert.Equal([[0, 1]], components);
        Assert.NotNull(linked);
        Assert.NotNull(JavaScriptProgram.TryParse(linked.Text, "linked", out var error));
        Assert.Null(error);
        var report = ScanFolder(folder);
        Assert.True(report.Complete);
    }

    /// <summary>Import and export forms a function body cannot hold are rewritten, and the result parses.</summary>
    [Fact]
    public void Rewrites_every_form_of_module_syntax_into_a_program_that_parses()
    {
        var scripts = new List<PackageScript>
        {
            new("index.mjs", "#!/usr/bin/env node\nimport d, { a as b, 'c' as c } from './lib.mjs';\nimport * as ns from './lib.mjs';\nimport './lib.mjs';\nimport fs from 'node:fs';\nexport { b as default2 };\nexport * from './lib.mjs';\nexport * as all from './lib.mjs';\nexport { a } from './lib.mjs';\nconst v = await import('./lib.mjs');\nexport default function main() { return [d, b, c, ns, fs, v]; }\n", Encoding.UTF8),
            new("lib.mjs", "export const a = 1, { x: [y] } = { x: [2] };\nexport class K {}\nexport function f() {}\nconst c = 3;\nexport { c as 'c' };\nexport default 4;\n", Encoding.UTF8),
        };

        var linked = ModuleLinker.Link(scripts);

        Assert.NotNull(linked);
        Assert.True(JavaScriptProgram.TryParse(linked.Text, "linked", out var error) is not null, error);
        Assert.DoesNotContain("import d", linked.Text, StringComparison.Ordinal);
        Assert.Contains("__telltale_files[\"lib.mjs\"]()", linked.Text, StringComparison.Ordinal);
        // Every offset of a file's text maps back into that file.
        var (file, offset) = linked.ToFile(linked.Text.IndexOf("class K", StringComparison.Ordinal));
        Assert.Equal(1, file);
        Assert.Equal(scripts[1].Text.IndexOf("class K", StringComparison.Ordinal), offset);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(params (string Name, string Text)[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, $"package{Directory.GetDirectories(_root).Length}")).FullName;
        foreach (var (fileName, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, fileName), text);
        }

        return folder;
    }

    private static ScanReport ScanFolder(string folder) =>
        new Scanner(new ScanOptions(), new TargetResolver())
            .ScanResolved(new ResolvedTarget(Path.GetFileName(folder), null, folder, new string('0', 64), "directory"));

    private static BehaviourAnalysis AsAnalysis(IReadOnlyList<Finding> findings) =>
        new(findings, null, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero);
}

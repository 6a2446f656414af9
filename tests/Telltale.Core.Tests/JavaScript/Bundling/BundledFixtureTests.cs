using System.Runtime.ExceptionServices;
using System.Text.Json;
using Telltale.JavaScript;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript.Bundling;

/// <summary>
/// Every behaviour fixture and every package fixture passed through real production bundlers for node (esbuild to
/// CommonJS and to an ES module, webpack to CommonJS) and held to the very expectations of the readable fixture.
/// Bundling wraps modules in functions, puts them in module tables, renames, inlines and drops what is unused, but
/// does not change what the program does, so neither what Telltale finds nor what it must not find may change
/// with it.
/// </summary>
public class BundledFixtureTests
{
    /// <summary>
    /// Every single-file fixture × every bundle target, but for the pairs no bundler can make: an ES module that
    /// awaits at its top level has no CommonJS form, so esbuild refuses to write one
    /// (<see cref="Esbuild_refuses_to_make_CommonJS_of_a_module_that_awaits_at_its_top_level"/> holds it to that).
    /// </summary>
    public static TheoryData<string, BundleTarget> FixtureCases()
    {
        var cases = new TheoryData<string, BundleTarget>();
        foreach (var name in FixtureExpectations.Names())
        {
            foreach (var target in JavaScriptBundler.Targets.Where(target => !CannotBeBundled(name, target)))
            {
                cases.Add(name, target);
            }
        }

        return cases;
    }

    /// <summary>The fixtures left out of <see cref="FixtureCases"/> for esbuild's CommonJS output.</summary>
    public static TheoryData<string> TopLevelAwaitFixtures() =>
        [.. FixtureExpectations.Names().Where(name => CannotBeBundled(name, BundleTarget.EsbuildCommonJs))];

    /// <summary>Every package fixture × every bundle target.</summary>
    public static TheoryData<string, BundleTarget> PackageCases()
    {
        var cases = new TheoryData<string, BundleTarget>();
        foreach (var name in PackageFixtures.Names())
        {
            foreach (var target in JavaScriptBundler.Targets)
            {
                cases.Add(name, target);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Finds_what_the_fixture_expects_after_bundling(string name, BundleTarget target)
    {
        var (files, entry) = FixturePackage(name);
        var bundle = JavaScriptBundler.Bundle(files, entry, target);
        using var expected = FixtureExpectations.Expected(name);

        var analysis = AnalyzeOnAnalysisStack(bundle, name);

        FixtureExpectations.AssertMatches(analysis, expected, Label(name, files, entry, target));
    }

    [Theory]
    [MemberData(nameof(PackageCases))]
    public void Finds_what_the_package_expects_after_bundling(string name, BundleTarget target)
    {
        // package.json goes in with the scripts: its "type" decides, for the bundlers as for node, whether a .js
        // file is an ES module.
        var (files, entry) = (PackageFixtures.Files(name), PackageFixtures.Entry(name));
        var bundle = JavaScriptBundler.Bundle(files, entry, target);
        using var expected = PackageFixtures.Expected(name);

        var analysis = AnalyzeOnAnalysisStack(bundle, $"{name}/{entry}");

        FixtureExpectations.AssertMatches(analysis, expected, Label(name, files, entry, target));
    }

    /// <summary>
    /// The corpus is real bundled code: the bundler changed the text, node parses the result as the kind of program
    /// the target makes, and every property the package's scripts read and every name they export is still in it
    /// (<see cref="BundleSurvival"/>). The last guards the negative fixtures above: a bundle from which the bundler
    /// had shaken the fixture's code away would pass their check vacuously.
    /// </summary>
    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Bundled_fixture_is_changed_code_that_node_accepts_with_the_code_kept(string name, BundleTarget target)
    {
        var (files, entry) = FixturePackage(name);

        AssertRealBundle(files, entry, target, Label(name, files, entry, target));
    }

    [Theory]
    [MemberData(nameof(PackageCases))]
    public void Bundled_package_is_changed_code_that_node_accepts_with_the_code_kept(string name, BundleTarget target)
    {
        var (files, entry) = (PackageFixtures.Files(name), PackageFixtures.Entry(name));

        AssertRealBundle(files, entry, target, Label(name, files, entry, target));
    }

    /// <summary>
    /// The pairs left out of the corpus really cannot be made: esbuild says so, rather than the corpus assuming it.
    /// Webpack's CommonJS output can hold such a module (its exports become a promise), so it stays in the corpus.
    /// </summary>
    [Theory]
    [MemberData(nameof(TopLevelAwaitFixtures))]
    public void Esbuild_refuses_to_make_CommonJS_of_a_module_that_awaits_at_its_top_level(string name)
    {
        var (files, entry) = FixturePackage(name);

        var refusal = Assert.Throws<InvalidOperationException>(() => JavaScriptBundler.Bundle(files, entry, BundleTarget.EsbuildCommonJs));

        Assert.Contains("Top-level await is currently not supported with the \"cjs\" output format", refusal.Message, StringComparison.Ordinal);
    }

    private static bool CannotBeBundled(string name, BundleTarget target) =>
        target == BundleTarget.EsbuildCommonJs && IsModuleFixture(name) && BundleSurvival.HasTopLevelAwait(FixtureExpectations.Source(name));

    private static bool IsModuleFixture(string name) => name.EndsWith(".mjs", StringComparison.Ordinal);

    /// <summary>
    /// A one-file package whose entry is the fixture. The entry's name keeps the fixture's extension because it
    /// decides the module kind for the bundlers as for node: <c>index.mjs</c> is an ES module, <c>index.js</c>
    /// (no package.json, so no <c>"type": "module"</c>) is CommonJS, as the fixtures' <c>module.exports</c> are.
    /// </summary>
    private static (IReadOnlyDictionary<string, string> Files, string Entry) FixturePackage(string name)
    {
        var entry = IsModuleFixture(name) ? "index.mjs" : "index.js";
        return (new Dictionary<string, string> { [entry] = FixtureExpectations.Source(name) }, entry);
    }

    private static string Label(string name, IReadOnlyDictionary<string, string> files, string entry, BundleTarget target) =>
        $"{name} ({target}, bundle {JavaScriptBundler.CachedPath(files, entry, target)})";

    private static void AssertRealBundle(IReadOnlyDictionary<string, string> files, string entry, BundleTarget target, string label)
    {
        var bundle = JavaScriptBundler.Bundle(files, entry, target);

        Assert.DoesNotContain(files.Values, source => source == bundle);
        var error = PinnedNodeTool.SyntaxError(bundle, JavaScriptBundler.IsModule(target));
        Assert.True(error is null, $"{label}: node --check rejects the bundle:\n{error}");
        var names = BundleSurvival.Names(bundle, JavaScriptBundler.IsModule(target));
        foreach (var (path, source) in files.Where(file => IsScript(file.Key)))
        {
            var kept = BundleSurvival.KeptNames(source, IsModuleFile(path, files), entry: path == entry);
            Assert.True(kept.Count > 0, $"{label}: {path} reads no property and exports nothing, so nothing could show that its code survived");
            var lost = kept.Where(name => !names.Contains(name)).Order(StringComparer.Ordinal).ToList();
            Assert.True(lost.Count == 0, $"{label}: the bundle lost {path}'s properties or exports {string.Join(", ", lost)}: the bundler dropped its code");
        }
    }

    private static bool IsScript(string path) =>
        path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".mjs", StringComparison.Ordinal) || path.EndsWith(".cjs", StringComparison.Ordinal);

    /// <summary>
    /// Whether node (and so a bundler) reads package file <paramref name="path"/> as an ES module: <c>.mjs</c>, or
    /// <c>.js</c> in a package whose package.json says <c>"type": "module"</c>.
    /// </summary>
    private static bool IsModuleFile(string path, IReadOnlyDictionary<string, string> files)
    {
        if (path.EndsWith(".mjs", StringComparison.Ordinal))
        {
            return true;
        }

        if (!path.EndsWith(".js", StringComparison.Ordinal) || !files.TryGetValue("package.json", out var manifest))
        {
            return false;
        }

        using var package = JsonDocument.Parse(manifest);
        return package.RootElement.TryGetProperty("type", out var type) && type.GetString() == "module";
    }

    /// <summary>
    /// The analysis on a thread with the stack the scanner gives it: a test thread's stack depends on how xunit
    /// schedules it, and a bundle's nesting (module wrappers inside module tables) goes deeper than the fixture's.
    /// </summary>
    private static BehaviourAnalysis AnalyzeOnAnalysisStack(string source, string path)
    {
        BehaviourAnalysis? analysis = null;
        ExceptionDispatchInfo? failure = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    analysis = new BehaviourAnalyzer(ScanLimits.Default).Analyze(source, path);
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            EntryScanner.AnalysisStackBytes);
        worker.Start();
        worker.Join();
        failure?.Throw();
        return analysis!;
    }
}

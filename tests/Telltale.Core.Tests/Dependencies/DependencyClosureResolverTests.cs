using System.Net;
using System.Text.Json.Nodes;
using Telltale.Artifacts;
using Telltale.Dependencies;
using Telltale.Findings;
using static Telltale.Tests.Dependencies.DependencyRegistry;

namespace Telltale.Tests.Dependencies;

public sealed class DependencyClosureResolverTests
{
    private static readonly NpmPlatform LinuxX64 = NpmPlatform.Parse("linux-x64")!;

    private static Task<DependencyClosure> Resolve(DependencyRegistry setup, string name = "app", string version = "1.0.0", NpmPlatform? platform = null, int max = DependencyClosureResolver.DefaultMaxPackages) =>
        new DependencyClosureResolver(setup.Client, platform ?? LinuxX64, max).ResolveAsync(name, version);

    private static List<string> Keys(DependencyClosure closure) => [.. closure.Packages.Select(p => p.Key)];

    [Fact]
    public async Task Resolves_breadth_first_by_name_with_the_version_npm_would_pick_for_each_range()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = Map(("zeta", "^1.0.0"), ("beta", "~2.0.0")) });
        setup.Publish("zeta", "1.0.0");
        setup.Publish("zeta", "1.4.0");
        setup.Publish("zeta", "2.0.0");                               // latest, outside ^1
        setup.Publish("beta", "2.0.5", new JsonObject { ["dependencies"] = Map(("alpha", "*")) });
        setup.Publish("beta", "2.1.0");
        setup.Publish("alpha", "3.0.0");
        setup.Publish("alpha", "3.1.0-rc.1", tags: "next");           // a prerelease * does not take

        var closure = await Resolve(setup);

        Assert.Equal(["beta@2.0.5", "zeta@1.4.0", "alpha@3.0.0"], Keys(closure));
        Assert.Equal(["app@1.0.0", "app@1.0.0", "beta@2.0.5"], closure.Packages.Select(p => p.RequiredBy));
        Assert.All(closure.Packages, p => Assert.Equal(DependencyKind.Dependency, p.Kind));
        Assert.Empty(closure.Problems);
        Assert.Empty(setup.Registry.TarballRequests());
    }

    [Fact]
    public async Task Installs_peers_and_plain_optional_dependencies_but_not_dev_dependencies_or_optional_peers()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject
        {
            ["devDependencies"] = Map(("dev-only", "1.0.0")),
            ["peerDependencies"] = Map(("peer-needed", "^1.0.0"), ("peer-optional", "^1.0.0")),
            ["peerDependenciesMeta"] = new JsonObject { ["peer-optional"] = new JsonObject { ["optional"] = true } },
            ["optionalDependencies"] = Map(("helper", "^1.0.0")),
        });
        foreach (var name in (string[])["dev-only", "peer-needed", "peer-optional", "helper"])
        {
            setup.Publish(name, "1.0.0");
        }

        var closure = await Resolve(setup);

        Assert.Equal([("helper@1.0.0", DependencyKind.Optional), ("peer-needed@1.0.0", DependencyKind.Peer)], closure.Packages.Select(p => (p.Key, p.Kind)));
        Assert.Equal(0, setup.Registry.CountRequests("https://registry.test/dev-only"));
    }

    [Fact]
    public async Task Ends_a_cycle_where_it_comes_back_and_lists_each_package_once()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = Map(("b", "^1.0.0"), ("c", "1.0.0")) });
        setup.Publish("b", "1.0.0", new JsonObject { ["dependencies"] = Map(("c", "^1.0.0"), ("app", "^1.0.0")) });
        setup.Publish("c", "1.0.0", new JsonObject { ["dependencies"] = Map(("b", "1.0.0"), ("c", "*")) });

        var closure = await Resolve(setup);

        Assert.Equal(["b@1.0.0", "c@1.0.0"], Keys(closure));
        Assert.Empty(closure.Problems);
        Assert.Equal(1, setup.Registry.CountRequests("https://registry.test/b"));
    }

    [Fact]
    public async Task Reports_a_required_range_no_version_matches_and_skips_an_optional_one_as_npm_does()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject
        {
            ["dependencies"] = Map(("needed", "^9.0.0")),
            ["optionalDependencies"] = Map(("nice-to-have", "^9.0.0"), ("not-published", "1.0.0")),
        });
        setup.Publish("needed", "1.0.0");
        setup.Publish("nice-to-have", "1.0.0");

        var closure = await Resolve(setup);

        Assert.Empty(closure.Packages);
        var problem = Assert.Single(closure.Problems);
        Assert.Equal(("app@1.0.0", IncompleteAnalysis.DependenciesAnalysis), (problem.Path, problem.Analysis));
        Assert.Equal("no published version of needed matches '^9.0.0' in its dependencies; npm install would fail, and nothing was scanned in its place", problem.Reason);
    }

    [Fact]
    public async Task Reports_a_required_package_the_registry_does_not_have()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = Map(("gone", "^1.0.0")) });

        var closure = await Resolve(setup);

        Assert.Equal("gone '^1.0.0' in its dependencies is not on the registry; npm install would fail, and nothing was scanned in its place", Assert.Single(closure.Problems).Reason);
    }

    [Fact]
    public async Task Skips_an_optional_platform_package_for_another_os_and_follows_the_one_for_this_platform_inside_its_parent()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject
        {
            ["optionalDependencies"] = Map(("app-win32-x64", "1.0.0"), ("app-linux-x64", "1.0.0")),
        });
        setup.Publish("app-win32-x64", "1.0.0", new JsonObject
        {
            ["os"] = new JsonArray("win32"),
            ["cpu"] = new JsonArray("x64"),
            ["dependencies"] = Map(("windows-helper", "1.0.0")),
        });
        setup.Publish("app-linux-x64", "1.0.0", new JsonObject
        {
            ["os"] = new JsonArray("linux"),
            ["cpu"] = new JsonArray("x64"),
            ["dependencies"] = Map(("linux-helper", "1.0.0")),
        });
        setup.Publish("windows-helper", "1.0.0");
        setup.Publish("linux-helper", "1.0.0");

        var onLinux = await Resolve(setup);
        var onDarwin = await Resolve(setup, platform: NpmPlatform.Parse("darwin-arm64"));
        var withoutPlatform = await new DependencyClosureResolver(setup.Client, platform: null).ResolveAsync("app", "1.0.0");

        // The platform package itself is scanned with app (as its platform package), so it is no package of the closure.
        var helper = Assert.Single(onLinux.Packages);
        Assert.Equal(("linux-helper@1.0.0", "app-linux-x64@1.0.0"), (helper.Key, helper.RequiredBy));
        Assert.Empty(onDarwin.Packages);
        Assert.Empty(withoutPlatform.Packages);
        Assert.Empty(onLinux.Problems);
        Assert.Equal(0, setup.Registry.CountRequests("https://registry.test/windows-helper"));
    }

    [Fact]
    public async Task Rejects_hostile_names_in_a_manifest_as_problems_without_asking_the_registry()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject
        {
            ["dependencies"] = Map(("\u001b[2J\u001b]0;pwned\u0007", "1.0.0"), ("../../../etc/passwd", "1.0.0"), ("ok", "1.0.0"), ("alias", "npm:\u001b[31m@1.0.0")),
        });
        setup.Publish("ok", "1.0.0");

        var closure = await Resolve(setup);

        Assert.Equal(["ok@1.0.0"], Keys(closure));
        Assert.Equal(
        [
            "'../../../etc/passwd' in its dependencies is not a valid npm package name; it was not resolved or scanned",
            "'\\x1b[2J\\x1b]0;pwned\\x07' in its dependencies is not a valid npm package name; it was not resolved or scanned",
            "alias 'npm:\\x1b[31m@1.0.0' in its dependencies is not a registry version or range (git, URL, file and workspace dependencies are not followed); it was not scanned",
        ], closure.Problems.Select(p => p.Reason).Order(StringComparer.Ordinal));
        Assert.All(closure.Problems, p => Assert.DoesNotContain(p.Reason, char.IsControl));
        Assert.Equal(["https://registry.test/app", "https://registry.test/ok"], setup.Registry.Requests.Select(r => r.RequestUri!.OriginalString).Distinct());
    }

    [Fact]
    public async Task Reports_git_url_and_file_dependencies_and_values_that_are_not_strings()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject
        {
            ["dependencies"] = new JsonObject
            {
                ["from-git"] = "github:evil/payload",
                ["from-url"] = "https://evil.example/payload.tgz",
                ["from-file"] = "file:../payload",
                ["not-a-string"] = 42,
            },
        });

        var closure = await Resolve(setup);

        Assert.Empty(closure.Packages);
        Assert.Equal(4, closure.Problems.Count);
        Assert.Contains(closure.Problems, p => p.Reason.StartsWith("from-git 'github:evil/payload' in its dependencies is not a registry version or range", StringComparison.Ordinal));
        Assert.Contains(closure.Problems, p => p.Reason == "'not-a-string' in its dependencies has no version string; it was not resolved or scanned");
    }

    [Fact]
    public async Task Follows_an_alias_to_the_package_it_names_and_skips_bundled_dependencies()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject
        {
            ["dependencies"] = Map(("short", "npm:@acme/real-name@^1.0.0"), ("inside", "^1.0.0")),
            ["bundleDependencies"] = new JsonArray("inside"),
        });
        setup.Publish("@acme/real-name", "1.2.0");

        var closure = await Resolve(setup);

        Assert.Equal(["@acme/real-name@1.2.0"], Keys(closure));
        Assert.Empty(closure.Problems);
        Assert.Equal(0, setup.Registry.CountRequests("https://registry.test/inside"));
    }

    [Fact]
    public async Task Stops_at_the_cap_and_says_how_much_was_left_out()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = Map(("d1", "1"), ("d2", "1"), ("d3", "1"), ("d4", "1"), ("d5", "1")) });
        foreach (var name in (string[])["d1", "d2", "d3", "d4", "d5"])
        {
            setup.Publish(name, "1.0.0", new JsonObject { ["dependencies"] = Map(("leaf", "1.0.0")) });
        }

        setup.Publish("leaf", "1.0.0");

        var capped = await Resolve(setup, max: 3);
        var exact = await Resolve(setup, max: 6);

        Assert.Equal(["d1@1.0.0", "d2@1.0.0", "d3@1.0.0"], Keys(capped));
        var problem = Assert.Single(capped.Problems);
        Assert.Equal(("app@1.0.0", IncompleteAnalysis.DependenciesAnalysis), (problem.Path, problem.Analysis));
        Assert.Equal("the closure reached the cap of 3 packages (--max-deps); 5 more dependency entries were not followed, so what they install was not scanned", problem.Reason);
        Assert.Equal(6, exact.Packages.Count);
        Assert.Empty(exact.Problems);
    }

    [Fact]
    public async Task Lists_a_bounded_number_of_problems()
    {
        using var setup = new DependencyRegistry();
        var map = new JsonObject();
        for (var i = 0; i < DependencyClosureResolver.MaxProblemsListed + 50; i++)
        {
            map[$"bad name {i}"] = "1.0.0";
        }

        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = map });

        var closure = await Resolve(setup);

        Assert.Equal(DependencyClosureResolver.MaxProblemsListed + 1, closure.Problems.Count);
        Assert.Equal($"50 more dependencies could not be resolved (the first {DependencyClosureResolver.MaxProblemsListed} are listed)", closure.Problems[^1].Reason);
    }

    [Fact]
    public async Task Reports_a_registry_failure_as_a_problem_that_a_rescan_may_not_repeat()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = Map(("flaky", "^1.0.0")) });
        setup.Publish("flaky", "1.0.0");
        setup.Registry.Fail("https://registry.test/flaky", HttpStatusCode.InternalServerError);

        var closure = await Resolve(setup);

        var problem = Assert.Single(closure.Problems);
        Assert.StartsWith("flaky '^1.0.0' in its dependencies could not be read from the registry (", problem.Reason, StringComparison.Ordinal);
        Assert.False(problem.Reproducible);
    }

    [Fact]
    public async Task Says_so_when_the_root_version_has_no_manifest()
    {
        using var setup = new DependencyRegistry();
        setup.Publish("app", "1.0.0");

        var closure = await Resolve(setup, version: "9.9.9");

        Assert.Empty(closure.Packages);
        Assert.Equal(("app@9.9.9", "the registry has no manifest of this version; its dependencies were not resolved or scanned"), (closure.Problems[0].Path, closure.Problems[0].Reason));
    }

    [Fact]
    public async Task Gives_the_same_closure_whatever_order_the_registry_answers_in()
    {
        using var setup = new DependencyRegistry();
        var names = Enumerable.Range(0, 20).Select(i => $"p{i:00}").ToList();
        setup.Publish("app", "1.0.0", new JsonObject { ["dependencies"] = Map([.. names.Select(n => (n, "^1.0.0"))]) });
        foreach (var name in names)
        {
            setup.Publish(name, "1.0.0", new JsonObject { ["dependencies"] = Map(("shared", "^1.0.0")) });
        }

        setup.Publish("shared", "1.0.0");
        foreach (var name in names.Where((_, i) => i % 3 == 0))
        {
            // These answer late, so later requests of the same batch come back first.
            var delay = 30 + names.IndexOf(name);
            setup.Registry.Script($"https://registry.test/{name}", async (request, token) =>
            {
                await Task.Delay(delay, token);
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            });
        }

        var closure = await Resolve(setup, max: 12);

        Assert.Equal([.. names.Where((_, i) => i % 3 != 0).Take(12).Select(n => n + "@1.0.0")], Keys(closure));
        Assert.Equal(7, closure.Problems.Count(p => p.Reason.Contains("is not on the registry", StringComparison.Ordinal)));
        Assert.Contains("the closure reached the cap of 12 packages", closure.Problems[^1].Reason, StringComparison.Ordinal);
    }
}

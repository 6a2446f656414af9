using System.Text.Json.Nodes;
using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts;

/// <summary>
/// An agent that declares platform packages none of which the registry has (the program npm would install is
/// simply absent) must not read as a clean package: the scan says what is missing and is incomplete.
/// </summary>
public sealed class UnpublishedPlatformPackageTests
{
    private static void PublishWrapperWithMissingPlatforms(PlatformRegistry setup)
    {
        setup.Registry.Publish("@acme/wrapper", "2.0.0", PlatformRegistry.MainTarball);
        setup.Registry.Describe("@acme/wrapper", "2.0.0", new JsonObject
        {
            ["optionalDependencies"] = new JsonObject
            {
                ["@acme/wrapper-linux-x64"] = "2.0.0",
                ["@acme/wrapper-darwin-arm64"] = "2.0.0",
                ["plain-missing-helper"] = "^1.0.0",
            },
        });
    }

    [Fact]
    public async Task Names_the_missing_platform_packages_but_not_a_plain_missing_dependency()
    {
        using var setup = new PlatformRegistry();
        PublishWrapperWithMissingPlatforms(setup);

        var selection = await setup.Select("npm:@acme/wrapper@2.0.0", "linux-x64");

        Assert.Empty(selection.Available);
        Assert.Equal(["@acme/wrapper-linux-x64", "@acme/wrapper-darwin-arm64"], selection.Unpublished.Select(d => d.Name));
    }

    [Fact]
    public async Task Scans_the_wrapper_as_incomplete_for_want_of_its_program()
    {
        using var setup = new PlatformRegistry();
        PublishWrapperWithMissingPlatforms(setup);
        var resolver = new TargetResolver(setup.Client, NpmPlatform.Parse("linux-x64"));

        var report = await new Scanner(new ScanOptions(), resolver).ScanAsync("npm:@acme/wrapper@2.0.0");

        Assert.Equal("linux-x64", report.Target.Platform);
        Assert.Empty(report.Target.PlatformPackages);
        Assert.False(report.Complete);
        var incomplete = Assert.Single(report.Incomplete);
        Assert.Equal("platform", incomplete.Analysis);
        Assert.Contains("no platform package for linux-x64", incomplete.Reason, StringComparison.Ordinal);
        Assert.True(report.FailsAt(Telltale.Findings.Severity.Critical));
    }

    [Fact]
    public async Task Leaves_a_package_without_platform_packages_complete()
    {
        using var setup = new PlatformRegistry();
        setup.Registry.Publish("@acme/plain", "1.0.0", PlatformRegistry.MainTarball);
        var resolver = new TargetResolver(setup.Client, NpmPlatform.Parse("linux-x64"));

        var report = await new Scanner(new ScanOptions(), resolver).ScanAsync("npm:@acme/plain@1.0.0");

        Assert.Null(report.Target.Platform);
        Assert.True(report.Complete);
    }
}

using Telltale.Gateway;

namespace Telltale.Tests;

public sealed class GatewayRouteFileTests
{
    [Fact]
    public void Reads_each_route_with_its_options()
    {
        var routes = GatewayRouteFile.Parse("""
            routes:
              - name: anthropic
                prefix: /anthropic
                upstream: https://api.anthropic.com
              - name: translation
                prefix: /translate
                upstream: https://api.openai.com/v1
                mode: observe
                keepTypographicQuotes: true
                mapLookAlikes: false
            """, "routes.yaml");

        Assert.Equal(2, routes.Count);
        Assert.Equal(("anthropic", "/anthropic", GatewayMode.Normalise, NormaliseOptions.Default), (routes[0].Name, routes[0].PathPrefix, routes[0].Mode, routes[0].Normalise));
        Assert.Equal(new Uri("https://api.openai.com/v1"), routes[1].Upstream);
        Assert.Equal(GatewayMode.Observe, routes[1].Mode);
        Assert.Equal(new NormaliseOptions { KeepTypographicQuotes = true, MapLookAlikes = false }, routes[1].Normalise);
    }

    [Theory]
    [InlineData("routes:\n  - upstream: https://a.example\n    mod: observe\n", "routes.yaml:3: unknown key \"mod\"")]
    [InlineData("routes:\n  - prefix: /a\n", "routes.yaml:2: a route needs 'upstream'")]
    [InlineData("routes:\n  - upstream: ftp://a.example\n", "routes.yaml:2: 'upstream'")]
    [InlineData("routes:\n  - upstream: https://a.example\n    mode: strict\n", "routes.yaml:3: 'mode' \"strict\" is not one of")]
    [InlineData("routes:\n  - upstream: https://a.example\n    prefix: a\n", "routes.yaml:3: 'prefix'")]
    [InlineData("routes:\n  - upstream: https://a.example\n  - upstream: https://b.example\n", "routes.yaml:3: another route is named /")]
    [InlineData("routes:\n  - upstream: https://a.example\n    keepTypographicQuotes: yes please\n", "routes.yaml:3: 'keepTypographicQuotes' must be true or false")]
    [InlineData("routes: []\n", "routes.yaml:1: 'routes' must be a list")]
    [InlineData("listen: x\n", "routes.yaml:1: unknown key \"listen\"")]
    [InlineData("routes: [\n", "routes.yaml:")]
    public void Refuses_a_bad_file_with_one_line_naming_the_file_and_line(string text, string start)
    {
        var error = Assert.Throws<GatewayConfigException>(() => GatewayRouteFile.Parse(text, "routes.yaml"));

        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}

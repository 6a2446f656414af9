using System.Net;

namespace Telltale.Tests;

public sealed class HealthAndOpenApiTests : ServerTest
{
    [Fact]
    public async Task Healthz_needs_no_token_and_says_ok_with_the_version()
    {
        using var response = await Server.Client(null).GetAsync("/healthz");

        var body = await response.JsonAsync();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(Scanning.Scanner.ToolVersion, body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task The_openapi_document_names_every_endpoint_and_the_bearer_scheme()
    {
        using var response = await Server.Client(null).GetAsync("/openapi/v1.json");

        var document = await response.JsonAsync();
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/healthz", "/api/v1/scans", "/api/v1/scans/{key}", "/api/v1/histories", "/api/v1/histories/{key}",
            "/api/v1/policy", "/api/v1/policy/versions", "/api/v1/policy/versions/{version}", "/api/v1/inventories",
            "/api/v1/machines", "/api/v1/machines/{host}", "/api/v1/tokens", "/api/v1/tokens/{id}", "/api/v1/audit",
            "/api/v1/gateway/decisions", "/api/v1/gateway/clients",
        ];
        Assert.Empty(expected.Except(paths));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var upload = document.GetProperty("paths").GetProperty("/api/v1/scans").GetProperty("post");
        Assert.Contains("reviewer", upload.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(upload.TryGetProperty("security", out _));
        Assert.False(document.GetProperty("paths").GetProperty("/healthz").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Every_api_operation_in_the_document_names_the_role_it_needs()
    {
        using var response = await Server.Client(null).GetAsync("/openapi/v1.json");

        var paths = (await response.JsonAsync()).GetProperty("paths");
        var operations = paths.EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();
        Assert.Equal(28, operations.Count);
        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("security", out _), $"{o.Method} {o.Path} names no role"));
    }

    [Fact]
    public async Task A_method_the_route_does_not_have_is_a_405_problem()
    {
        using var response = await Server.Admin.DeleteAsync("/api/v1/scans");

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await Server.Admin.GetAsync("/api/v1/nothing-here");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}

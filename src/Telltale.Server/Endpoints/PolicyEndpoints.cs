using System.Globalization;
using System.Text;
using Telltale.Policy;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>The team's policy: the current version, a new one put as YAML, and every version with who put it when.</summary>
internal static class PolicyEndpoints
{
    private const int DefaultLimit = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(IEndpointRouteBuilder api)
    {
        // Machines read it too: check --server fetches the list it judges the machine against.
        api.MapGet("/policy", GetCurrent).RequireRole(TeamRole.Machine)
            .WithSummary("The current policy: its YAML and its entries summed up")
            .Produces<PolicyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/policy", PutAsync).RequireRole(TeamRole.Reviewer)
            .WithSummary("Put a new version of the policy (YAML, docs/policy.md); it must stand alone: include and osv are refused")
            .Accepts<string>("application/yaml", "application/x-yaml", "text/yaml", "text/plain")
            .Produces<PolicyResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/policy/versions", ListVersions).RequireRole(TeamRole.Viewer)
            .WithSummary("Every version of the policy, newest first, with who put it and when")
            .Produces<IReadOnlyList<PolicyVersionResponse>>();
        api.MapGet("/policy/versions/{version:long}", GetVersion).RequireRole(TeamRole.Viewer)
            .WithSummary("One version of the policy")
            .Produces<PolicyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult GetCurrent(PolicyCache cache) =>
        cache.Current() is { Stored: { } stored, Document: var document }
            ? Results.Ok(PolicyResponse.From(stored, document))
            : Problems.NotFound("no policy has been put yet: PUT /api/v1/policy");

    private static async Task<IResult> PutAsync(HttpContext http, PolicyPublisher publisher)
    {
        var (bytes, problem) = await RequestBody.ReadAsync(http, PolicyLoader.MaxFileBytes, "policy").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        string yaml;
        try
        {
            yaml = StrictUtf8.GetString(bytes!).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Problems.BadRequest("the policy is not UTF-8 text");
        }

        try
        {
            var put = publisher.Put(yaml, RequestAudit.Of(http));
            return Results.Ok(PolicyResponse.From(put.Stored, put.Document, changed: put.Changed));
        }
        catch (PolicyException error)
        {
            return Problems.BadRequest(error.Message);
        }
    }

    private static IResult ListVersions(ServerStores stores, int? limit)
    {
        if (limit is < 1)
        {
            return Problems.BadRequest("limit must be 1 or more");
        }

        return Results.Ok(stores.Team.ListPolicies(limit ?? DefaultLimit).Select(PolicyVersionResponse.From).ToList());
    }

    private static IResult GetVersion(ServerStores stores, long version)
    {
        if (stores.Team.GetPolicy(version) is not { } stored)
        {
            return Problems.NotFound($"no policy version {version.ToString(CultureInfo.InvariantCulture)}");
        }

        return Results.Ok(PolicyResponse.From(stored, PolicyLoader.ParseSelfContained(stored.Yaml, PolicyCache.PolicyFileName)));
    }
}

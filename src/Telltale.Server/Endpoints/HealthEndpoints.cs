using Telltale.Scanning;
using Telltale.Server.Contracts;
using Telltale.Server.Storage;
using Telltale.Tracking.Store;

namespace Telltale.Server.Endpoints;

/// <summary><c>/healthz</c>: for load balancers and orchestrators, without a token; says nothing but ok and the version.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", Check).AllowAnonymous()
            .WithSummary("Whether the server is up and its store readable (no token needed)")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);

    private static IResult Check(ServerStores stores)
    {
        try
        {
            stores.Team.CurrentPolicyVersion();
            return Results.Ok(new HealthResponse("ok", Scanner.ToolVersion));
        }
        catch (StoreException)
        {
            return Results.Json(new HealthResponse("unavailable", Scanner.ToolVersion), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>The audit log, for admins: every successful write, newest first.</summary>
internal static class AuditEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/audit", List).RequireRole(TeamRole.Admin)
            .WithSummary("The audit log, newest first; page with before=ID (the last id of the previous page)")
            .Produces<IReadOnlyList<AuditEntryResponse>>();

    private static IResult List(ServerStores stores, int? limit, long? before)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be from 1 to {MaxLimit}");
        }

        return Results.Ok(stores.Team.ListAudit(limit ?? DefaultLimit, before).Select(AuditEntryResponse.From).ToList());
    }
}

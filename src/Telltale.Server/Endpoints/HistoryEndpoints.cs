using System.Globalization;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Server.Endpoints;

/// <summary>Stored histories and bisections (<c>history:ID</c>), as <c>telltale history</c> keeps them.</summary>
internal static class HistoryEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/histories", List).RequireRole(TeamRole.Viewer)
            .WithSummary("List stored histories and bisections, newest first")
            .Produces<IReadOnlyList<TimelineSummaryResponse>>();
        api.MapGet("/histories/{key}", Get).RequireRole(TeamRole.Viewer)
            .WithSummary("One stored history or bisection by its key (history:12) or id (12): the document 'history --format json' writes")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult List(ServerStores stores, string? package, string? kind, int? limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be from 1 to {MaxLimit.ToString(CultureInfo.InvariantCulture)}");
        }

        if (kind is not (null or StoredTimeline.HistoryKind or StoredTimeline.BisectKind))
        {
            return Problems.BadRequest($"kind must be {StoredTimeline.HistoryKind} or {StoredTimeline.BisectKind}");
        }

        return Results.Ok(stores.Scans.ListTimelines(package, kind, limit ?? DefaultLimit).Select(TimelineSummaryResponse.From).ToList());
    }

    private static IResult Get(ServerStores stores, string key)
    {
        var idText = key.StartsWith(StoredTimeline.KeyPrefix, StringComparison.Ordinal) ? key[StoredTimeline.KeyPrefix.Length..] : key;
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Problems.BadRequest("give a history as history:ID or ID, e.g. history:12");
        }

        return stores.Scans.GetTimeline(id) is { } timeline
            ? Results.Text(timeline.Json, "application/json")
            : Problems.NotFound($"no stored history {StoredTimeline.KeyPrefix}{id.ToString(CultureInfo.InvariantCulture)}");
    }
}

using System.Globalization;
using System.Text;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Server.Endpoints;

/// <summary>Stored histories and bisections (<c>history:ID</c>), as <c>telltale history</c> keeps them.</summary>
internal static class HistoryEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    /// <summary>A full-range history of a busy package is a few megabytes; more is not a timeline this tool wrote.</summary>
    private const long MaxHistoryBytes = 16L * 1024 * 1024;

    /// <summary>What the store records as the maker of an uploaded timeline whose client did not say.</summary>
    private const string UnknownToolVersion = "unknown";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/histories", UploadAsync).RequireRole(TeamRole.Reviewer)
            .WithSummary("Upload a history or bisection (the JSON 'telltale history --format json' writes); platform and tool name what made it")
            .Accepts<object>("application/json")
            .Produces<TimelineSummaryResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/histories", List).RequireRole(TeamRole.Viewer)
            .WithSummary("List stored histories and bisections, newest first")
            .Produces<IReadOnlyList<TimelineSummaryResponse>>();
        api.MapGet("/histories/{key}", Get).RequireRole(TeamRole.Viewer)
            .WithSummary("One stored history or bisection by its key (history:12) or id (12): the document 'history --format json' writes")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, ServerStores stores, TimeProvider time, string? platform, string? tool)
    {
        if ((Problem(platform, "platform") ?? Problem(tool, "tool")) is { } parameterProblem)
        {
            return Problems.BadRequest(parameterProblem);
        }

        var (bytes, problem) = await RequestBody.ReadAsync(http, MaxHistoryBytes, "history").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        VersionTimeline? timeline;
        BisectResult? bisection;
        try
        {
            (timeline, bisection) = TimelineJsonReader.Read(Encoding.UTF8.GetString(bytes!));
        }
        catch (InvalidDataException error)
        {
            return Problems.BadRequest($"not a telltale history or bisection: {error.Message}");
        }

        // Kept as received, when received: the store's time is when the team got the evidence, the document says what it covers.
        var toolVersion = tool ?? UnknownToolVersion;
        var stored = timeline is not null
            ? stores.Scans.SaveTimeline(timeline, platform, toolVersion, time.GetUtcNow())
            : stores.Scans.SaveTimeline(bisection!, platform, toolVersion, time.GetUtcNow());
        stores.Team.RecordAudit(RequestAudit.Of(http), stored.Key);
        return Results.Created($"/api/v1/histories/{stored.Key}", TimelineSummaryResponse.From(stored));
    }

    /// <summary>Query text is shown in lists and terminals: short, one line, nothing hidden.</summary>
    private static string? Problem(string? value, string name) =>
        value is null ? null
        : value.Length is 0 or > 64 || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || c > '\u007e')
            ? $"{name} must be 1 to 64 printable ASCII characters without spaces"
            : null;

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

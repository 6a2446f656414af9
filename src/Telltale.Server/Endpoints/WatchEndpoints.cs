using System.Globalization;
using Hangfire;
using Telltale.Artifacts;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Jobs;
using Telltale.Team;
using Telltale.Tracking.Watching;

namespace Telltale.Server.Endpoints;

/// <summary>The watch list (reviewers change it, viewers read it), each watch's versions, and the alerts (docs/server.md, Watching).</summary>
internal static class WatchEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
    private const long MaxRequestBytes = 16 * 1024;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/watches", List).RequireRole(TeamRole.Viewer)
            .WithSummary("The watched npm packages, oldest first")
            .Produces<IReadOnlyList<WatchResponse>>();
        api.MapPost("/watches", CreateAsync).RequireRole(TeamRole.Reviewer)
            .WithSummary("Watch an npm package: each version it covers is scanned once and compared with the one before; polled at once, then at every interval")
            .Accepts<CreateWatchRequest>("application/json")
            .Produces<WatchResponse>(StatusCodes.Status201Created)
            .Produces<WatchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapDelete("/watches/{id:long}", Remove).RequireRole(TeamRole.Reviewer)
            .WithSummary("Stop watching; the versions scanned and the alerts stay")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/watches/{id:long}/versions", ListVersions).RequireRole(TeamRole.Viewer)
            .WithSummary("The versions of a watch and where each scan stands")
            .Produces<IReadOnlyList<WatchVersionResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/watches/alerts", ListAlerts).RequireRole(TeamRole.Viewer)
            .WithSummary("Alerts of every watch, newest first: behaviours brought or dropped, versions that could not be scanned")
            .Produces<IReadOnlyList<WatchAlertResponse>>();
    }

    private static IResult List(IWatchStore watches) => Results.Ok(watches.ListWatches().Select(WatchResponse.From).ToList());

    private static async Task<IResult> CreateAsync(HttpContext http, IWatchStore watches, IBackgroundJobClient jobs)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync<CreateWatchRequest>(http, MaxRequestBytes, "watch request").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var package = request?.Package?.Trim() ?? "";
        if (package.StartsWith(NpmPackageSpec.Prefix, StringComparison.Ordinal))
        {
            package = package[NpmPackageSpec.Prefix.Length..];
        }

        if (!NpmPackageSpec.IsValidName(package))
        {
            return Problems.BadRequest(package.Length == 0
                ? "give the npm package to watch: {\"package\": \"left-pad\", \"range\": \">=1.0.0\"}"
                : $"'{ClientText.Log(package)}' is not an npm package name (no version or tag: a watch follows every version)");
        }

        var range = string.IsNullOrWhiteSpace(request!.Range) ? null : request.Range.Trim();
        if (range is not null && !WatchPlan.IsRange(range))
        {
            return Problems.BadRequest($"not an npm version range: '{ClientText.Log(range)}' (e.g. \">=2.1.88 <=2.1.93\", \"^2.1\", \"2.1.x\")");
        }

        string platform;
        try
        {
            platform = request.Platform is { Length: > 0 } text ? NpmPlatform.Parse(text.Trim())?.ToString() ?? NpmPlatform.NoneText : NpmPlatform.Current.ToString();
        }
        catch (TargetException error)
        {
            return Problems.BadRequest(error.Message);
        }

        var (watch, created) = watches.AddWatch(package, range, platform, RequestAudit.Of(http));
        if (!created)
        {
            return Results.Ok(WatchResponse.From(watch));
        }

        // Polled at once rather than at the next interval; the recurring poll would find it too.
        jobs.Enqueue<WatchPollJob>(job => job.PollAsync(watch.Id, null, CancellationToken.None));
        return Results.Created($"/api/v1/watches/{watch.Id.ToString(CultureInfo.InvariantCulture)}", WatchResponse.From(watch));
    }

    private static IResult Remove(HttpContext http, IWatchStore watches, long id) =>
        watches.RemoveWatch(id, RequestAudit.Of(http)) ? Results.NoContent() : Problems.NotFound($"no watch {id.ToString(CultureInfo.InvariantCulture)}");

    private static IResult ListVersions(IWatchStore watches, long id) =>
        watches.GetWatch(id) is null
            ? Problems.NotFound($"no watch {id.ToString(CultureInfo.InvariantCulture)}")
            : Results.Ok(watches.ListVersions(id).Select(WatchVersionResponse.From).ToList());

    private static IResult ListAlerts(IWatchStore watches, int? limit, long? before)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be 1 to {MaxLimit.ToString(CultureInfo.InvariantCulture)}");
        }

        return Results.Ok(watches.ListAlerts(limit ?? DefaultLimit, before).Select(WatchAlertResponse.From).ToList());
    }
}

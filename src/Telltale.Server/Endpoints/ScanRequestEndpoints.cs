using Hangfire;
using Hangfire.Common;
using Telltale.Artifacts;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Jobs;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>Scans the server makes on request: an npm target queued as a background job, and the job's state and result.</summary>
internal static class ScanRequestEndpoints
{
    private const int MaxRequestBytes = 4096;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/scans/requests", RequestAsync).RequireRole(TeamRole.Reviewer)
            .WithSummary("Ask the server to scan an npm target ({\"target\": \"npm:NAME@VERSION\", \"platform\": \"linux-x64\"}); 202 with the job to follow")
            .Accepts<ScanRequest>("application/json")
            .Produces<ScanRequestResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/scans/requests/{id}", Get).RequireRole(TeamRole.Viewer)
            .WithSummary("A requested scan's state; once succeeded, the sha256 of its stored report")
            .Produces<ScanRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RequestAsync(HttpContext http, IBackgroundJobClient jobs, Storage.ServerStores stores)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync<ScanRequest>(http, MaxRequestBytes, "scan request").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var target = request?.Target?.Trim() ?? "";
        if (!NpmPackageSpec.IsNpmSpec(target))
        {
            return Problems.BadRequest(target.Length == 0
                ? "give the npm target to scan: {\"target\": \"npm:NAME@VERSION\"}"
                : $"the server scans npm targets only (npm:NAME[@VERSION|@TAG]), not '{ClientText.Log(target)}'");
        }

        string platform;
        try
        {
            var spec = NpmPackageSpec.Parse(target);
            target = spec.Version is null ? $"{NpmPackageSpec.Prefix}{spec.Name}" : $"{NpmPackageSpec.Prefix}{spec.Name}@{spec.Version}";
            platform = request!.Platform is { Length: > 0 } text ? NpmPlatform.Parse(text.Trim())?.ToString() ?? NpmPlatform.NoneText : NpmPlatform.Current.ToString();
        }
        catch (TargetException error)
        {
            return Problems.BadRequest(error.Message);
        }

        var id = jobs.Enqueue<ScanRequestJob>(job => job.ScanAsync(target, platform, CancellationToken.None));
        stores.Team.RecordAudit(RequestAudit.Of(http), $"scan-request:{id}");
        return Results.Accepted($"/api/v1/scans/requests/{id}", new ScanRequestResponse(id, target, platform, "Enqueued", null, null));
    }

    private static IResult Get(JobStorage storage, string id)
    {
        var details = storage.GetMonitoringApi().JobDetails(id);
        if (details?.Job is not { } job || job.Type != typeof(ScanRequestJob) || job.Args.Count < 2)
        {
            return Problems.NotFound($"no scan request {ClientText.Log(id)}");
        }

        // Newest first: the job's current state and, for Succeeded, the sha256 the job returned (as JSON).
        var current = details.History.FirstOrDefault();
        string? sha256 = null;
        string? reason = null;
        if (current?.StateName == "Succeeded" && current.Data.TryGetValue("Result", out var result))
        {
            sha256 = SerializationHelper.Deserialize<string>(result);
        }
        else if (current?.StateName is "Failed" or "Scheduled")
        {
            reason = current.Data.TryGetValue("ExceptionMessage", out var message) ? ClientText.Log(message) : current.Reason;
        }

        return Results.Ok(new ScanRequestResponse(id, (string)job.Args[0], (string)job.Args[1], current?.StateName ?? "Enqueued", sha256, reason));
    }
}

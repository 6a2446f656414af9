using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Server.Endpoints;

/// <summary>Scan reports: uploaded as <c>scan --format json</c> writes them, listed, and read back.</summary>
internal static partial class ScanEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/scans", UploadAsync).RequireRole(TeamRole.Reviewer)
            .WithSummary("Upload a scan report (the JSON 'telltale scan --format json' writes)")
            .Accepts<object>("application/json")
            .Produces<ScanSummaryResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/scans", List).RequireRole(TeamRole.Viewer)
            .WithSummary("List stored scans, newest first")
            .Produces<IReadOnlyList<ScanSummaryResponse>>();
        api.MapGet("/scans/{key}", Get).RequireRole(TeamRole.Viewer)
            .WithSummary("The newest stored report of an artifact, by its sha256 or a prefix of it (at least 4 hex digits)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, ServerStores stores, ServerOptions options)
    {
        var (bytes, problem) = await RequestBody.ReadAsync(http, options.MaxReportBytes, "report").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        ScanReport report;
        try
        {
            using var stream = new MemoryStream(bytes!, writable: false);
            report = JsonReportReader.Read(stream);
        }
        catch (InvalidDataException error)
        {
            return Problems.BadRequest($"not a telltale scan report: {error.Message}");
        }

        if (!Sha256().IsMatch(report.Target.Sha256))
        {
            return Problems.BadRequest("not a telltale scan report: $.target.sha256 is not 64 lower-case hex digits");
        }

        // Under a fingerprint of its own bytes, not a ScanFingerprint: a client's report is evidence to read, never a scan
        // the server would reuse in place of its own. The same report uploaded twice replaces itself.
        var fingerprint = ScanSummaryResponse.UploadedFingerprintPrefix + Convert.ToHexStringLower(SHA256.HashData(bytes!));
        stores.Scans.Save(report, fingerprint);

        // The scan is in the scan tables; its audit row follows it. A crash between the two keeps a scan without its row,
        // never a row without its scan (the audit says what was written, and the scan says who sent it by its fingerprint).
        stores.Team.RecordAudit(RequestAudit.Of(http), $"scan:{report.Target.Sha256}");
        var stored = stores.Scans.Find(report.Target.Sha256).First(s => s.Fingerprint == fingerprint);
        return Results.Created($"/api/v1/scans/{report.Target.Sha256}", ScanSummaryResponse.From(stored));
    }

    private static IResult List(ServerStores stores, string? name, int? limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be from 1 to {MaxLimit.ToString(CultureInfo.InvariantCulture)}");
        }

        return Results.Ok(stores.Scans.List(name, limit ?? DefaultLimit).Select(ScanSummaryResponse.From).ToList());
    }

    private static IResult Get(ServerStores stores, string key)
    {
        // A sha256 or a prefix; npm:NAME@VERSION has a '/' in scoped names, which a path segment cannot hold unencoded.
        if (!Sha256Prefix().IsMatch(key))
        {
            return Problems.BadRequest("give a sha256 or a prefix of one: 4 to 64 hex digits");
        }

        IReadOnlyList<StoredScanSummary> found;
        try
        {
            found = stores.Scans.Find(key);
        }
        catch (StoreException error) when (error.InnerException is null)
        {
            // Without an inner exception it is the key's fault (a prefix of several artifacts), not the database's.
            return Problems.BadRequest(error.Message);
        }

        // A stored report that does not decode is the server's fault: it goes to the exception handler as a 500.
        if ((found is [var newest, ..] ? stores.Scans.Read(newest) : null) is not { } report)
        {
            return Problems.NotFound($"no stored scan has a sha256 starting {key.ToLowerInvariant()}");
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report, text);
        return Results.Text(text.ToString(), "application/json");
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256();

    [GeneratedRegex("^[0-9a-fA-F]{4,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Prefix();
}

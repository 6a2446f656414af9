using System.Globalization;
using Telltale.Reports;
using Telltale.Server.Auth;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.Diffing;
using Telltale.Tracking.Store;

namespace Telltale.Server.Endpoints;

/// <summary>What changed between two stored scans, as <c>telltale diff --format json</c> writes it.</summary>
internal static class DiffEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/diff", Get).RequireRole(TeamRole.Viewer)
            .WithSummary("The diff of two stored scans, each named by a sha256 prefix (4+ hex digits) or npm:NAME@VERSION: the document 'diff --format json' writes")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Get(ServerStores stores, string? old, string? @new)
    {
        if (string.IsNullOrWhiteSpace(old) || string.IsNullOrWhiteSpace(@new))
        {
            return Problems.BadRequest("give both scans: ?old=SHA256-OR-npm:NAME@VERSION&new=SHA256-OR-npm:NAME@VERSION");
        }

        try
        {
            var oldReport = stores.Scans.Show(old);
            var newReport = stores.Scans.Show(@new);
            if (oldReport is null || newReport is null)
            {
                return Problems.NotFound($"no stored scan {ReportText.Visible(ReportText.Shorten(oldReport is null ? old : @new, 200), multiline: false)}");
            }

            using var text = new StringWriter(CultureInfo.InvariantCulture);
            new DiffJsonWriter().Write(ReportDiffer.Diff(oldReport, newReport), text);
            return Results.Text(text.ToString(), "application/json");
        }
        catch (StoreException error) when (error.InnerException is null)
        {
            // Without an inner exception it is the key's fault (a prefix of several artifacts, a malformed key).
            return Problems.BadRequest(error.Message);
        }
    }
}

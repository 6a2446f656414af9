using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Telltale.Inventory;
using Telltale.Policy.Compliance;
using Telltale.Reports;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>
/// The fleet: machines post their inventory and get <c>check</c>'s verdict back; viewers see every machine's latest
/// inventory judged against the current policy now (a ban's date may have come since the machine posted).
/// </summary>
internal static partial class InventoryEndpoints
{
    /// <summary>The longest DNS name; a host is text the machine chose, and shown in lists and logs.</summary>
    private const int MaxHostLength = 253;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/inventories", PostAsync).RequireRole(TeamRole.Machine)
            .WithSummary("Post a machine's inventory ('telltale inventory --format json'); the answer is 'check --format json' against the current policy")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/machines", ListMachines).RequireRole(TeamRole.Viewer)
            .WithSummary("Every machine's latest inventory, judged now against the current policy: failing machines first")
            .Produces<IReadOnlyList<MachineResponse>>();
        api.MapGet("/machines/{host}", GetMachine).RequireRole(TeamRole.Viewer)
            .WithSummary("One machine's verdicts ('check --format json') for its latest inventory against the current policy, now")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PostAsync(HttpContext http, ServerStores stores, PolicyCache cache, ServerOptions options, TimeProvider time, ILoggerFactory logs)
    {
        var (bytes, problem) = await RequestBody.ReadAsync(http, options.MaxInventoryBytes, "inventory").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        MachineInventory inventory;
        try
        {
            using var stream = new MemoryStream(bytes!, writable: false);
            inventory = InventoryJsonReader.Read(stream);
        }
        catch (InvalidDataException error)
        {
            return Problems.BadRequest($"not a telltale inventory: {error.Message}");
        }

        if (HostProblem(inventory.Host) is { } hostProblem)
        {
            return Problems.BadRequest(hostProblem);
        }

        var host = inventory.Host!;
        var policy = cache.Current();
        var report = PolicyChecker.Check(policy.Document, inventory, FleetChecks.Subject(host), time.GetUtcNow());
        stores.Team.SaveInventory(host, InventoryJsonWriter.ToJson(inventory), inventory.Items.Count, RequestAudit.Of(http));
        var log = logs.CreateLogger("Telltale.Server.Inventory");
        if (log.IsEnabled(LogLevel.Information))
        {
            LogChecked(log, ClientText.Log(host), inventory.Items.Count, report.Failures, report.Warnings, policy.Stored?.Version ?? 0);
        }
        return Verdicts(report);
    }

    private static IResult ListMachines(FleetChecks fleet) =>
        Results.Ok(fleet.All().Select(m => new MachineResponse(
            m.Inventory.Host, m.Inventory.ReceivedAt, m.Inventory.PostedBy, m.Inventory.Items, m.Report.Failures, m.Report.Warnings, m.Report.Result, m.PolicyVersion, m.Report.CheckedAt)).ToList());

    private static IResult GetMachine(FleetChecks fleet, string host) =>
        fleet.One(host) is { } machine
            ? Verdicts(machine.Report)
            : Problems.NotFound($"no machine '{ReportText.Visible(host, multiline: false)}' has posted an inventory");

    /// <summary>Why <paramref name="host"/> cannot name a machine; null when it can. The host is how machines are told apart, so it must be there and readable.</summary>
    private static string? HostProblem(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return "the inventory names no host ($.host): post what 'telltale inventory --format json' writes on the machine";
        }

        if (host.Length > MaxHostLength)
        {
            return $"the inventory's host is over {MaxHostLength.ToString(CultureInfo.InvariantCulture)} characters";
        }

        if (host.Contains('/', StringComparison.Ordinal))
        {
            // Routing does not decode %2F, so /api/v1/machines/{host} could never name it.
            return $"the inventory's host '{ReportText.Visible(host, multiline: false)}' holds a '/'";
        }

        for (var i = 0; i < host.Length;)
        {
            if (Rune.DecodeFromUtf16(host.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done || ReportText.IsHardToSee(rune))
            {
                return $"the inventory's host '{ReportText.Visible(host, multiline: false)}' holds invisible or control characters";
            }

            i += used;
        }

        return null;
    }

    private static IResult Verdicts(ComplianceReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        ComplianceJsonWriter.Write(report, text);
        return Results.Text(text.ToString(), "application/json");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory of {Host}: {Items} items, {Failures} failures, {Warnings} warnings against policy version {PolicyVersion}")]
    private static partial void LogChecked(ILogger logger, string host, int items, int failures, int warnings, long policyVersion);
}

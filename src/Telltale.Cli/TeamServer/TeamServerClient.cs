using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Telltale.Findings;
using Telltale.Inventory;
using Telltale.Reports;
using Telltale.Scanning;

namespace Telltale.Cli.TeamServer;

/// <summary>
/// The REST API of <c>telltale serve</c> (docs/server.md) as the CLI uses it: uploads of scans and histories, the
/// team's current policy, and this machine's inventory. Every failure is a <see cref="TeamServerException"/> with one
/// line that says what to do; the server's own words are quoted, escaped by the caller like any other text.
/// </summary>
internal sealed class TeamServerClient : IDisposable
{
    /// <summary>Where the token comes from: never a command-line argument, which other users of the machine can read.</summary>
    public const string TokenVariable = "TELLTALE_TOKEN";

    /// <summary>A 64 MB report over a slow link; the server answers everything else in well under a second.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;

    public TeamServerClient(Uri server, string token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = server;
        _http.Timeout = RequestTimeout;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("telltale", Scanner.ToolVersion));
    }

    public Uri Server { get; }

    /// <summary>Sends a report as <c>scan --format json</c> writes it; returns the server's sha256 for it.</summary>
    public async Task<string> UploadScanAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report, text);
        using var created = await SendAsync(HttpMethod.Post, "api/v1/scans", Json(text.ToString()), cancellationToken).ConfigureAwait(false);
        return created.RootElement.GetProperty("sha256").GetString() ?? "";
    }

    /// <summary>Sends a history or bisection as <c>history --format json</c> writes it; returns its key on the server (<c>history:ID</c>).</summary>
    public async Task<string> UploadHistoryAsync(string json, string? platform, CancellationToken cancellationToken)
    {
        var query = $"api/v1/histories?tool={Uri.EscapeDataString(Scanner.ToolVersion)}{(platform is null ? "" : $"&platform={Uri.EscapeDataString(platform)}")}";
        using var created = await SendAsync(HttpMethod.Post, query, Json(json), cancellationToken).ConfigureAwait(false);
        return created.RootElement.GetProperty("key").GetString() ?? "";
    }

    /// <summary>The current policy's YAML and version; a server with no policy yet is an error (a check against nothing passes everything).</summary>
    public async Task<(string Yaml, long Version)> GetPolicyAsync(CancellationToken cancellationToken)
    {
        using var policy = await SendAsync(HttpMethod.Get, "api/v1/policy", null, cancellationToken).ConfigureAwait(false);
        var root = policy.RootElement;
        return (root.GetProperty("yaml").GetString() ?? "", root.GetProperty("version").GetInt64());
    }

    /// <summary>Posts this machine's inventory, so the fleet view shows it; the server's verdicts are its own business.</summary>
    public async Task PostInventoryAsync(MachineInventory inventory, CancellationToken cancellationToken)
    {
        using var verdicts = await SendAsync(HttpMethod.Post, "api/v1/inventories", Json(InventoryJsonWriter.ToJson(inventory)), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <exception cref="TeamServerException">when the server cannot be reached or answers with anything but success and JSON.</exception>
    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new TeamServerException($"cannot reach the team server at {Server}: {error.Message}", error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TeamServerException($"the team server at {Server} did not answer within {RequestTimeout.TotalMinutes:0} minutes", error);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TeamServerException(Refusal(response.StatusCode, body, method, path));
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException error)
            {
                throw new TeamServerException($"{Server} answered {method} /{Path(path)} with something that is not JSON: is it a telltale server?", error);
            }
        }
    }

    private string Refusal(HttpStatusCode status, string body, HttpMethod method, string path)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var detail = Detail(body);
        var what = status switch
        {
            HttpStatusCode.Unauthorized => $"the team server refused the token in {TokenVariable}",
            HttpStatusCode.Forbidden => $"the token in {TokenVariable} may not {method} /{Path(path)}",
            _ => $"the team server answered {method} /{Path(path)} with {code}",
        };
        return detail is null ? $"{what} ({code})" : $"{what}: {detail}";
    }

    private static string Path(string path) => path.Split('?')[0];

    /// <summary>The <c>detail</c> (else <c>title</c>) of problem details; null for any other body.</summary>
    private static string? Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in new[] { "detail", "title" })
            {
                if (problem.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

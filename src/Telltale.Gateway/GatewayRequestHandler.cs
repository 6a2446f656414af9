using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telltale.Probing.Capture;
using Yarp.ReverseProxy.Forwarder;

namespace Telltale.Gateway;

/// <summary>
/// One request through the gateway: identify the client, judge it (block mode), read and rewrite the body of an API
/// request, then forward with YARP or answer the refusal, and write one decision line. Bodies are read whole before
/// anything is sent upstream, so a refused body is never half forwarded.
/// </summary>
internal sealed class GatewayRequestHandler
{
    private readonly GatewayOptions _options;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _upstream;
    private readonly DecisionLog _log;
    private readonly DecisionUpload _upload;
    private readonly ILogger _logger;
    private readonly ClientDateForms _dateForms;
    private readonly HttpTransformer _transformer;
    private readonly (GatewayRoute Route, string Destination)[] _routes;
    private readonly ForwarderRequestConfig _requestConfig;

    public GatewayRequestHandler(GatewayOptions options, IHttpForwarder forwarder, HttpMessageInvoker upstream, DecisionLog log, ClientDateForms dateForms, DecisionUpload upload, ILoggerFactory loggers)
    {
        _options = options;
        _forwarder = forwarder;
        _upstream = upstream;
        _log = log;
        _dateForms = dateForms;
        _upload = upload;
        _logger = loggers.CreateLogger("Telltale.Gateway.Decisions");
        _transformer = options.PreserveHost ? new OriginalHostTransformer() : HttpTransformer.Default;

        // Longest prefix first, so the most specific route wins.
        _routes = [.. options.EffectiveRoutes()
            .OrderByDescending(r => r.PathPrefix.TrimEnd('/').Length)
            .Select(r => (r, r.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/')))];

        // A model can think for minutes before its first byte; the default 100 s idle limit would cut long answers.
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) };
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var client = ClientIdentification.Identify(name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null);
        var (route, destination, path) = RouteOf(request.Path.Value ?? "/");
        var shape = path is null ? ApiShape.Unknown : LlmRequestRewriter.ShapeOf(path);
        var decision = NewDecision(context, shape, client, route);
        try
        {
            await DecideAsync(context, route, destination, path, shape, client, decision).ConfigureAwait(false);
        }
        catch (Exception e) when (decision["status"] is null)
        {
            // Every request leaves its line, even one that failed here; Kestrel answers it 500 (or drops a gone client).
            decision["action"] = "refused";
            decision["refusal"] = new JsonObject { ["status"] = 500, ["kind"] = "Failed", ["reason"] = $"the gateway failed ({e.GetType().Name})" };
            decision["status"] = StatusCodes.Status500InternalServerError;
            Record(decision);
            throw;
        }
    }

    private async Task DecideAsync(HttpContext context, GatewayRoute? route, string destination, string? path, ApiShape shape, ClientIdentity client, JsonObject decision)
    {
        var request = context.Request;
        if (route is null || path is null)
        {
            await AnswerNoRouteAsync(context, decision).ConfigureAwait(false);
            return;
        }

        // The upstream sees the path without the route's prefix.
        request.Path = path;

        // Judged in every mode with a policy, so observe mode's log shows whom block mode would refuse; refused only in block mode.
        if (_options.Policy is { } policy)
        {
            var verdict = ClientPolicyGate.Judge(policy, client, _options.Clock.GetUtcNow());
            if (verdict.Compliance is { } compliance)
            {
                decision["policy"] = new JsonObject
                {
                    ["entry"] = compliance.Entry?.Id,
                    ["outcome"] = compliance.Outcome.ToString(),
                    ["message"] = compliance.Message,
                    ["refuses"] = verdict.Blocked,
                };
            }

            if (verdict.Blocked && route.Mode == GatewayMode.Block)
            {
                await AnswerBlockedAsync(context, shape, verdict, decision).ConfigureAwait(false);
                return;
            }
        }

        if (HttpMethods.IsPost(request.Method) && shape != ApiShape.Unknown && !await PrepareBodyAsync(context, route, shape, client, decision).ConfigureAwait(false))
        {
            return;
        }

        decision["action"] ??= "forwarded";
        var error = await _forwarder.SendAsync(context, destination, _upstream, _requestConfig, _transformer).ConfigureAwait(false);
        decision["status"] = context.Response.StatusCode;
        if (error != ForwarderError.None)
        {
            decision["forwardError"] = error.ToString();
        }

        Record(decision);
    }

    /// <summary>Reads, judges and (in normalise and block modes) rewrites the body; false when the request was answered here.</summary>
    private async Task<bool> PrepareBodyAsync(HttpContext context, GatewayRoute route, ApiShape shape, ClientIdentity client, JsonObject decision)
    {
        var request = context.Request;
        ReceivedBody received;
        try
        {
            received = await LimitedBodyReader.ReadAsync(request.Body, request.ContentLength, _options.Limits.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own verdict on the framing: a body that ends before its Content-Length, or a broken chunk.
            received = new ReceivedBody(ReadOnlyMemory<byte>.Empty, new RequestRefusal(RefusalKind.LengthMismatch, e.Message));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client closed or reset the connection mid-body (or it was aborted): still one decision line, never a
            // request that vanished from the log; the answer below goes nowhere and that is fine.
            received = new ReceivedBody(ReadOnlyMemory<byte>.Empty,
                new RequestRefusal(RefusalKind.LengthMismatch, "the connection ended before the body was complete"));
        }

        if (received.Refusal is { } readRefusal)
        {
            // In every mode: a body not read whole cannot be forwarded whole either.
            await AnswerRefusedAsync(context, shape, readRefusal, decision).ConfigureAwait(false);
            return false;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var path = request.Path.Value ?? "/";
        var rewrite = LlmRequestRewriter.Rewrite(path, received.Body, encoding, route.Normalise, _options.Limits);
        decision["changes"] = ChangesOf(rewrite.Changes);
        if (rewrite.Refusal is null)
        {
            Observe(path, rewrite.Decoded, shape, client, decision);
        }

        if (_options.LogBodies)
        {
            decision["body"] = rewrite.Refusal is null ? Encoding.UTF8.GetString(rewrite.Decoded.Span) : BodyText(received.Body, encoding);
        }

        ReadOnlyMemory<byte> forwarded;
        if (route.Mode == GatewayMode.Observe)
        {
            forwarded = received.Body;
            decision["action"] = "forwarded";
            decision["wouldBe"] = rewrite.Outcome switch
            {
                RewriteOutcome.Rewritten => "normalised",
                RewriteOutcome.Refused => "refused",
                _ => "forwarded",
            };
            if (rewrite.Refusal is { } wouldRefuse)
            {
                decision["refusal"] = RefusalOf(wouldRefuse);
            }
        }
        else if (rewrite.Refusal is { } refusal)
        {
            await AnswerRefusedAsync(context, shape, refusal, decision).ConfigureAwait(false);
            return false;
        }
        else
        {
            forwarded = rewrite.Body;
            decision["action"] = rewrite.Outcome == RewriteOutcome.Rewritten ? "normalised" : "forwarded";
        }

        // The body is whole now: a fixed length replaces any chunked framing the client used.
        request.Headers.Remove("Transfer-Encoding");
        request.Body = MemoryMarshal.TryGetArray(forwarded, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(forwarded.ToArray(), writable: false);
        request.ContentLength = forwarded.Length;
        return true;
    }

    private async Task AnswerBlockedAsync(HttpContext context, ApiShape shape, ClientVerdict verdict, JsonObject decision)
    {
        var compliance = verdict.Compliance!;
        var entry = compliance.Entry!;
        var alternatives = entry.Alternatives.Select(a => a.Spec).ToArray();
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"telltale gateway: {compliance.Item.Name} {compliance.Item.Version ?? "(no version)"} is refused by policy entry {entry.Id} ({entry.Title}): {compliance.Message}.");
        if (entry.Reason is { } reason)
        {
            message.Append(' ').Append(reason);
        }

        if (alternatives.Length > 0)
        {
            message.Append(" Use instead: ").Append(string.Join(", ", alternatives)).Append('.');
        }

        var details = new JsonObject
        {
            ["entry"] = entry.Id,
            ["title"] = entry.Title,
            ["status"] = entry.Status.ToString().ToLowerInvariant(),
            ["reason"] = entry.Reason,
            ["alternatives"] = new JsonArray(alternatives.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        };
        decision["action"] = "blocked";
        await AnswerAsync(context, StatusCodes.Status403Forbidden, ApiErrorBody.Create(shape, ApiErrorBody.TypeFor(403), message.ToString(), details), decision).ConfigureAwait(false);
    }

    private async Task AnswerRefusedAsync(HttpContext context, ApiShape shape, RequestRefusal refusal, JsonObject decision)
    {
        decision["action"] = "refused";
        decision["refusal"] = RefusalOf(refusal);
        var body = ApiErrorBody.Create(shape, ApiErrorBody.TypeFor(refusal.StatusCode), $"telltale gateway: {refusal.Reason}; nothing was forwarded");
        await AnswerAsync(context, refusal.StatusCode, body, decision).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, int status, JsonObject body, JsonObject decision)
    {
        decision["status"] = status;
        Record(decision);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(DecisionLog.Serialise(body));
        response.ContentLength = bytes.Length;

        try
        {
            // Not RequestAborted: a client that stopped sending mid-body may still be reading, and should get the reason.
            await response.Body.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client is gone; the decision is already recorded.
        }
    }

    private JsonObject NewDecision(HttpContext context, ApiShape shape, ClientIdentity client, GatewayRoute? route)
    {
        var request = context.Request;
        return new JsonObject
        {
            ["time"] = _options.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["requestId"] = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier,
            ["mode"] = route?.Mode.ToString().ToLowerInvariant(),
            ["gatewayRoute"] = route?.Name,
            ["method"] = request.Method,

            // Credential-named query parameters (?key=…) are redacted; headers other than the two below are never logged.
            ["route"] = request.Path.Value + SecretRedaction.RedactQuery(request.QueryString.Value ?? ""),
            ["api"] = shape.ToString(),
            ["client"] = new JsonObject
            {
                ["userAgent"] = client.UserAgent,
                ["app"] = client.App,
                ["package"] = client.Package is null ? null : $"{client.Ecosystem}:{client.Package}",
                ["version"] = client.Version,
                ["address"] = context.Connection.RemoteIpAddress?.ToString(),
            },
        };
    }

    private static JsonArray ChangesOf(IReadOnlyList<FieldTextChange> changes) =>
        new(changes.Select(c => (JsonNode?)new JsonObject
        {
            ["path"] = c.JsonPath,
            ["offset"] = c.Change.Offset,
            ["before"] = c.Change.Before,
            ["after"] = c.Change.After,
            ["reason"] = c.Change.Reason.ToString(),
        }).ToArray());

    private static JsonObject RefusalOf(RequestRefusal refusal) => new()
    {
        ["status"] = refusal.StatusCode,
        ["kind"] = refusal.Kind.ToString(),
        ["reason"] = refusal.Reason,
    };

    /// <summary>A refused body as the client meant it (decoded), for <c>--log-bodies</c>; what cannot be decoded is said, not dumped.</summary>
    private string BodyText(ReadOnlyMemory<byte> body, string encoding)
    {
        var decoded = ContentEncodingCodec.Decode(body, encoding, _options.Limits.MaxDecodedBytes);
        return decoded.Refusal is null
            ? Encoding.UTF8.GetString(decoded.Body.Span)
            : $"({body.Length} bytes not decoded: {decoded.Refusal.Reason})";
    }

    /// <summary>
    /// One last line when the gateway stops: every client's date forms with their counts, so observe mode's per-client
    /// report is whole in the log even for clients whose variation came before the log was read.
    /// </summary>
    public void RecordSummary()
    {
        var clients = _dateForms.Snapshot();
        WriteLine(new JsonObject
        {
            ["time"] = _options.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["summary"] = new JsonObject
            {
                ["dateForms"] = new JsonArray([.. clients.Select(c => (JsonNode?)new JsonObject
                {
                    ["client"] = c.Client,
                    ["variation"] = c.Forms.Count > 1,
                    ["forms"] = new JsonArray([.. c.Forms.Select(f => (JsonNode?)new JsonObject { ["form"] = f.Form, ["requests"] = f.Requests })]),
                })]),
                ["untrackedRequests"] = _dateForms.UntrackedRequests,
            },
        });
    }

    /// <summary>The route whose prefix the path starts with (the longest), the upstream address, and the path the upstream gets.</summary>
    private (GatewayRoute? Route, string Destination, string? Path) RouteOf(string path)
    {
        foreach (var (route, destination) in _routes)
        {
            if (route.Remainder(path) is { } remainder)
            {
                return (route, destination, remainder);
            }
        }

        return (null, "", null);
    }

    /// <summary>What observe mode reports beyond characters: the request's date forms, a client's variation in them, claims that disagree.</summary>
    private void Observe(string path, ReadOnlyMemory<byte> decoded, ApiShape shape, ClientIdentity client, JsonObject decision)
    {
        var observation = PromptObserver.Observe(path, decoded, _options.Limits);
        if (observation.Dates.Count > 0)
        {
            decision["dates"] = new JsonArray([.. observation.Dates.Select(d => (JsonNode?)new JsonObject { ["path"] = d.JsonPath, ["form"] = d.Form })]);
            if (_dateForms.Record(client.Key, observation.Dates.Select(d => d.Form)) is { } variation)
            {
                decision["variation"] = new JsonObject
                {
                    ["client"] = variation.Client,
                    ["newForm"] = variation.NewForm,
                    ["forms"] = new JsonArray([.. variation.Forms.Select(f => (JsonNode?)new JsonObject { ["form"] = f.Form, ["requests"] = f.Requests })]),
                };
            }
        }

        var mismatches = ClientClaimCheck.Mismatches(client, shape, observation);
        if (mismatches.Count > 0)
        {
            decision["mismatches"] = new JsonArray([.. mismatches.Select(m => (JsonNode?)JsonValue.Create(m))]);
        }
    }

    private async Task AnswerNoRouteAsync(HttpContext context, JsonObject decision)
    {
        decision["action"] = "refused";
        decision["refusal"] = new JsonObject { ["status"] = 404, ["kind"] = "NoRoute", ["reason"] = "no route of this gateway matches the path" };
        var body = ApiErrorBody.Create(ApiShape.Unknown, "not_found_error", "telltale gateway: no route of this gateway matches the path; nothing was forwarded");
        await AnswerAsync(context, StatusCodes.Status404NotFound, body, decision).ConfigureAwait(false);
    }

    /// <summary>A copy without the prompt text <c>--log-bodies</c> adds: observers (the probe, the team server) never get bodies.</summary>
    private static JsonObject WithoutBody(JsonObject decision)
    {
        var copy = (JsonObject)decision.DeepClone();
        copy.Remove("body");
        return copy;
    }

    private void Record(JsonObject decision)
    {
        _options.DecisionObserver?.Invoke(WithoutBody(decision));
        _upload.Add(decision);
        WriteLine(decision);
    }

    /// <summary>A line for the decision log and the console log only (observers and the team server take decisions, not summaries).</summary>
    private void WriteLine(JsonObject decision)
    {
        var logged = _logger.IsEnabled(LogLevel.Information);
        if (!_log.IsOpen && !logged)
        {
            return;
        }

        var line = DecisionLog.Serialise(decision);
        _log.Write(line);
        if (logged)
        {
            _logger.LogInformation("{Decision}", line);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
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
    private readonly string _destinationPrefix;
    private readonly ForwarderRequestConfig _requestConfig;

    public GatewayRequestHandler(GatewayOptions options, IHttpForwarder forwarder, HttpMessageInvoker upstream, DecisionLog log, DecisionUpload upload, ILoggerFactory loggers)
    {
        _options = options;
        _forwarder = forwarder;
        _upstream = upstream;
        _log = log;
        _upload = upload;
        _logger = loggers.CreateLogger("Telltale.Gateway.Decisions");
        _destinationPrefix = options.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/');

        // A model can think for minutes before its first byte; the default 100 s idle limit would cut long answers.
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) };
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var shape = LlmRequestRewriter.ShapeOf(path);
        var client = ClientIdentification.Identify(name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null);
        var decision = NewDecision(context, shape, client);

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

            if (verdict.Blocked && _options.Mode == GatewayMode.Block)
            {
                await AnswerBlockedAsync(context, shape, verdict, decision).ConfigureAwait(false);
                return;
            }
        }

        if (HttpMethods.IsPost(request.Method) && shape != ApiShape.Unknown && !await PrepareBodyAsync(context, shape, decision).ConfigureAwait(false))
        {
            return;
        }

        decision["action"] ??= "forwarded";
        var error = await _forwarder.SendAsync(context, _destinationPrefix, _upstream, _requestConfig, HttpTransformer.Default).ConfigureAwait(false);
        decision["status"] = context.Response.StatusCode;
        if (error != ForwarderError.None)
        {
            decision["forwardError"] = error.ToString();
        }

        Record(decision);
    }

    /// <summary>Reads, judges and (in normalise and block modes) rewrites the body; false when the request was answered here.</summary>
    private async Task<bool> PrepareBodyAsync(HttpContext context, ApiShape shape, JsonObject decision)
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

        if (received.Refusal is { } readRefusal)
        {
            // In every mode: a body not read whole cannot be forwarded whole either.
            await AnswerRefusedAsync(context, shape, readRefusal, decision).ConfigureAwait(false);
            return false;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var rewrite = LlmRequestRewriter.Rewrite(request.Path.Value ?? "/", received.Body, encoding, _options.Normalise, _options.Limits);
        decision["changes"] = ChangesOf(rewrite.Changes);
        if (_options.LogBodies)
        {
            decision["body"] = BodyText(received.Body, encoding);
        }

        ReadOnlyMemory<byte> forwarded;
        if (_options.Mode == GatewayMode.Observe)
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
        request.Body = new MemoryStream(forwarded.ToArray(), writable: false);
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

        // Not RequestAborted: a client that stopped sending mid-body may still be reading, and should get the reason.
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private JsonObject NewDecision(HttpContext context, ApiShape shape, ClientIdentity client)
    {
        var request = context.Request;
        return new JsonObject
        {
            ["time"] = _options.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["requestId"] = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier,
            ["mode"] = _options.Mode.ToString().ToLowerInvariant(),
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

    /// <summary>The body as the client meant it (decoded), for <c>--log-bodies</c>; what cannot be decoded is said, not dumped.</summary>
    private string BodyText(ReadOnlyMemory<byte> body, string encoding)
    {
        var decoded = ContentEncodingCodec.Decode(body, encoding, _options.Limits.MaxDecodedBytes);
        return decoded.Refusal is null
            ? Encoding.UTF8.GetString(decoded.Body.Span)
            : $"({body.Length} bytes not decoded: {decoded.Refusal.Reason})";
    }

    private void Record(JsonObject decision)
    {
        _upload.Add(decision);
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

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Telltale.Reports;
using Telltale.Server.Http;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>
/// A gateway's <c>POST /api/v1/gateway/decisions</c> body read and checked whole: <c>{"gateway": NAME, "decisions": […]}</c>.
/// One bad decision refuses the batch, naming its index, so a gateway learns of a mismatch at once rather than losing
/// decisions quietly. Fields beyond those checked are kept as sent (a newer gateway may add some), except <c>body</c>:
/// prompt text never reaches the server.
/// </summary>
internal sealed partial class GatewayDecisionBatch
{
    public const int MaxDecisions = 1000;
    public const int MaxGatewayNameLength = 100;
    private const int MaxRequestIdLength = 128;
    private const int MaxDateFormLength = 32;

    public static readonly IReadOnlyList<string> Actions = ["forwarded", "normalised", "refused", "blocked"];

    private GatewayDecisionBatch(string gateway, IReadOnlyList<GatewayDecision> decisions)
    {
        Gateway = gateway;
        Decisions = decisions;
    }

    public string Gateway { get; }

    public IReadOnlyList<GatewayDecision> Decisions { get; }

    /// <summary>The batch, or the one line that says what is wrong with it.</summary>
    public static (GatewayDecisionBatch? Batch, string? Problem) Read(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException error)
        {
            return (null, $"the gateway decisions are not valid JSON: {ClientText.Log(error.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "send {\"gateway\": NAME, \"decisions\": [decision lines]}");
            }

            if (!root.TryGetProperty("gateway", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return (null, "name the gateway: {\"gateway\": NAME, \"decisions\": [...]}");
            }

            if (GatewayNameProblem(name.GetString()!) is { } nameProblem)
            {
                return (null, nameProblem);
            }

            if (!root.TryGetProperty("decisions", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                return (null, "send the decisions as a non-empty array: {\"gateway\": NAME, \"decisions\": [...]}");
            }

            if (list.GetArrayLength() > MaxDecisions)
            {
                return (null, $"{list.GetArrayLength().ToString(CultureInfo.InvariantCulture)} decisions in one batch; send at most {MaxDecisions.ToString(CultureInfo.InvariantCulture)}");
            }

            var decisions = new List<GatewayDecision>(list.GetArrayLength());
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var (decision, problem) = ReadDecision(element);
                if (problem is not null)
                {
                    return (null, $"decisions[{index.ToString(CultureInfo.InvariantCulture)}]: {problem}");
                }

                decisions.Add(decision!);
                index++;
            }

            return (new GatewayDecisionBatch(name.GetString()!, decisions), null);
        }
    }

    /// <summary>Why <paramref name="name"/> cannot name a gateway; null when it can. It is shown in lists, logs and the audit.</summary>
    public static string? GatewayNameProblem(string name)
    {
        if (name.Length is 0 or > MaxGatewayNameLength || string.IsNullOrWhiteSpace(name))
        {
            return $"a gateway name has 1 to {MaxGatewayNameLength.ToString(CultureInfo.InvariantCulture)} characters";
        }

        return IsPlain(name, allowSpace: true) ? null : $"the gateway name '{ClientText.Log(name)}' holds invisible or control characters";
    }

    private static (GatewayDecision? Decision, string? Problem) ReadDecision(JsonElement line)
    {
        if (line.ValueKind != JsonValueKind.Object)
        {
            return (null, "not a JSON object");
        }

        if (!line.TryGetProperty("time", out var timeText) || timeText.ValueKind != JsonValueKind.String
            || !timeText.GetString()!.Contains('T', StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(timeText.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return (null, "'time' must be an ISO 8601 time as a string (\"2026-12-07T02:29:26.721Z\")");
        }

        if (!line.TryGetProperty("requestId", out var requestIdText) || requestIdText.ValueKind != JsonValueKind.String
            || requestIdText.GetString() is not { Length: > 0 and <= MaxRequestIdLength } requestId || !IsPlain(requestId, allowSpace: false))
        {
            return (null, $"'requestId' must be a string of 1 to {MaxRequestIdLength.ToString(CultureInfo.InvariantCulture)} visible characters");
        }

        if (!line.TryGetProperty("action", out var actionText) || actionText.ValueKind != JsonValueKind.String || !Actions.Contains(actionText.GetString(), StringComparer.Ordinal))
        {
            var given = actionText.ValueKind == JsonValueKind.String ? $", not '{ClientText.Log(actionText.GetString())}'" : "";
            return (null, $"'action' must be one of {string.Join(", ", Actions)}{given}");
        }

        var (client, clientProblem) = ReadClient(line);
        if (clientProblem is not null)
        {
            return (null, clientProblem);
        }

        var (changes, changesProblem) = ReadChanges(line);
        if (changesProblem is not null)
        {
            return (null, changesProblem);
        }

        var (forms, datesProblem) = ReadDateForms(line);
        if (datesProblem is not null)
        {
            return (null, datesProblem);
        }

        var mismatches = Optional(line, "mismatches");
        if (mismatches is { } mismatchList && (mismatchList.ValueKind != JsonValueKind.Array || mismatchList.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String)))
        {
            return (null, "'mismatches' must be an array of strings");
        }

        return (new GatewayDecision
        {
            RequestId = requestId,
            Time = time,
            Action = actionText.GetString()!,
            Client = client,
            Json = WithoutBody(line),
            CodePointChanges = changes,
            DateForms = forms,
            HasMismatches = mismatches is { } some && some.GetArrayLength() > 0,
        }, null);
    }

    private static (string Client, string? Problem) ReadClient(JsonElement line)
    {
        if (Optional(line, "client") is not { } client)
        {
            return (GatewayClients.Anonymous, null);
        }

        if (client.ValueKind != JsonValueKind.Object)
        {
            return ("", "'client' must be an object");
        }

        var fields = new string?[3];
        string[] names = ["package", "version", "userAgent"];
        for (var i = 0; i < names.Length; i++)
        {
            if (Optional(client, names[i]) is not { } value)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return ("", "'client.package', 'client.version' and 'client.userAgent' must be strings when given");
            }

            fields[i] = value.GetString();
        }

        return (GatewayClients.Key(fields[0], fields[1], fields[2]), null);
    }

    private static (IReadOnlyList<string> Pairs, string? Problem) ReadChanges(JsonElement line)
    {
        if (Optional(line, "changes") is not { } changes)
        {
            return ([], null);
        }

        const string Shape = "'changes' must be an array of {\"before\": \"U+XXXX\", \"after\": \"U+XXXX\" or \"\"}";
        if (changes.ValueKind != JsonValueKind.Array)
        {
            return ([], Shape);
        }

        var pairs = new List<string>(changes.GetArrayLength());
        foreach (var change in changes.EnumerateArray())
        {
            if (change.ValueKind != JsonValueKind.Object
                || !change.TryGetProperty("before", out var before) || before.ValueKind != JsonValueKind.String || !CodePoint().IsMatch(before.GetString()!)
                || !change.TryGetProperty("after", out var after) || after.ValueKind != JsonValueKind.String
                || (after.GetString()!.Length > 0 && !CodePoint().IsMatch(after.GetString()!)))
            {
                return ([], Shape);
            }

            pairs.Add($"{before.GetString()}→{(after.GetString()!.Length == 0 ? "removed" : after.GetString())}");
        }

        return (pairs, null);
    }

    private static (IReadOnlyList<string> Forms, string? Problem) ReadDateForms(JsonElement line)
    {
        if (Optional(line, "dates") is not { } dates)
        {
            return ([], null);
        }

        var shape = $"'dates' must be an array of {{\"path\": …, \"form\": \"YYYY-MM-DD\"}}, each form 1 to {MaxDateFormLength.ToString(CultureInfo.InvariantCulture)} visible characters";
        if (dates.ValueKind != JsonValueKind.Array)
        {
            return ([], shape);
        }

        var forms = new List<string>();
        foreach (var date in dates.EnumerateArray())
        {
            if (date.ValueKind != JsonValueKind.Object || !date.TryGetProperty("form", out var form) || form.ValueKind != JsonValueKind.String
                || form.GetString() is not { Length: > 0 and <= MaxDateFormLength } text || !IsPlain(text, allowSpace: true))
            {
                return ([], shape);
            }

            if (!forms.Contains(text, StringComparer.Ordinal))
            {
                forms.Add(text);
            }
        }

        return (forms, null);
    }

    /// <summary>The property, null when absent or JSON null (every optional field may be either).</summary>
    private static JsonElement? Optional(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The line as sent, every property but <c>body</c>: the prompt text a gateway logs with --log-bodies stays on that machine.</summary>
    private static string WithoutBody(JsonElement line)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in line.EnumerateObject())
            {
                if (!property.NameEquals("body"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsPlain(string text, bool allowSpace)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != OperationStatus.Done
                || (rune.Value == ' ' ? !allowSpace : ReportText.IsHardToSee(rune)))
            {
                return false;
            }

            i += used;
        }

        return true;
    }

    [GeneratedRegex("^U\\+[0-9A-F]{4,6}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePoint();
}

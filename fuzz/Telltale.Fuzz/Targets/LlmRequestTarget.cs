using System.Text.Json;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Gateway;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// <see cref="LlmRequestRewriter.Rewrite(string, ReadOnlyMemory{byte}, NormaliseOptions?, GatewayLimits?)"/> on a
/// request body, the API shape picked by the input's length so every shape sees every kind of input.
/// </summary>
internal sealed class LlmRequestTarget : IFuzzTarget
{
    private static readonly string[] Paths = ["/v1/messages", "/openai/v1/chat/completions", "/v1/responses"];

    public string Name => "llm-request";

    public string Contract =>
        "never throws; a refusal carries no body, a 400, 413 or 415 and a one-line reason; an unchanged body is the input byte for byte; a rewritten body is JSON, has changes each pointing at a string in the input, and rewrites to itself; "
        + "observing a body it does not refuse names at most 64 date forms, each printable ASCII, and claim mismatches on one printable line each";

    private static readonly ClientIdentity ClaimedClient =
        ClientIdentification.Identify(name => name == "User-Agent" ? "claude-cli/2.1.198 (external, cli)" : null);

    public FuzzInputKind InputKind => FuzzInputKind.Json;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => LlmRequestSeeds.All();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var path = Paths[input.Length % Paths.Length];
        var result = LlmRequestRewriter.Rewrite(path, input);
        features.AddShape("outcome", result.Outcome.ToString());
        if (result.Outcome != RewriteOutcome.Refused)
        {
            Observe(path, input, result.Shape, features);
        }

        switch (result.Outcome)
        {
            case RewriteOutcome.Refused:
                var refusal = result.Refusal ?? throw new ContractViolationException("a refused rewrite has no refusal");
                features.AddShape("refused", refusal.Kind.ToString());
                ContractViolationException.Require(result.Body.IsEmpty, "a refused rewrite carries a body");
                ContractViolationException.Require(refusal.StatusCode is 400 or 413 or 415, $"a refusal answers {refusal.StatusCode}");
                MessageContract.RequirePrintable("a refusal's reason", refusal.Reason);
                break;
            case RewriteOutcome.Unchanged:
                ContractViolationException.Require(result.Body.Span.SequenceEqual(input.Span), "an unchanged body differs from the input");
                break;
            default:
                features.AddMagnitude("changes", result.Changes.Count);
                ContractViolationException.Require(result.Changes.Count > 0, "a rewritten body lists no change");
                foreach (var change in result.Changes)
                {
                    features.AddShape("reason", change.Change.Reason.ToString());
                    ContractViolationException.Require(
                        change.TokenOffset >= 0 && change.TokenOffset < input.Length && input.Span[change.TokenOffset] == (byte)'"',
                        $"change at {change.JsonPath} points at byte {change.TokenOffset}, not at a string");
                }

                try
                {
                    using var document = JsonDocument.Parse(result.Body);
                }
                catch (JsonException e)
                {
                    throw new ContractViolationException($"a rewritten body is not JSON: {e.Message}", e);
                }

                var again = LlmRequestRewriter.Rewrite(path, result.Body);
                ContractViolationException.Require(again.Outcome == RewriteOutcome.Unchanged,
                    $"a rewritten body rewrites again ({again.Outcome}: {string.Join("; ", again.Changes.Take(3))})");
                break;
        }
    }

    private static void Observe(string path, ReadOnlyMemory<byte> input, ApiShape shape, FeatureSink features)
    {
        var observation = PromptObserver.Observe(path, input);
        features.AddMagnitude("dates", observation.Dates.Count);
        ContractViolationException.Require(observation.Dates.Count <= PromptObserver.MaxDatesPerRequest, $"{observation.Dates.Count} date forms kept");
        foreach (var date in observation.Dates)
        {
            features.AddShape("date form", date.Form);
            ContractViolationException.Require(date.Form.All(c => c is >= ' ' and < (char)0x7F), $"date form {date.Form} is not printable ASCII");
        }

        foreach (var mismatch in ClientClaimCheck.Mismatches(ClaimedClient, shape, observation))
        {
            MessageContract.RequirePrintable("a claim mismatch", mismatch);
        }
    }
}

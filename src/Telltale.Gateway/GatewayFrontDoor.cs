using System.Text.Json.Nodes;
using Telltale.Policy;
using Telltale.Probing.Running;

namespace Telltale.Gateway;

/// <summary>
/// The gateway as a probe's front door (<c>telltale probe --gateway MODE</c>): started on the sockets the probe made inside
/// its network namespace, TLS from the probe's CA, forwarding to the capture endpoint with the tool's own Host header, and
/// handing each decision back so the probe report shows what reached the gateway and what left it.
/// </summary>
public sealed class GatewayFrontDoor : IProbeFrontDoor, IDisposable
{
    /// <summary>
    /// How long a drain waits for decisions still being written (they are written within microseconds of the answer); past
    /// it the run is reported as incomplete, never as having fewer changes.
    /// </summary>
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(30);

    private readonly GatewayMode _mode;
    private readonly PolicyDocument? _policy;
    private readonly NormaliseOptions _normalise;
    private readonly TimeProvider _clock;
    private readonly List<FrontDoorDecision> _decisions = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _recorded = new(0);

    public GatewayFrontDoor(GatewayMode mode, PolicyDocument? policy = null, NormaliseOptions? normalise = null, TimeProvider? clock = null)
    {
        if (mode == GatewayMode.Block && policy is null)
        {
            throw new ArgumentException("block mode needs a policy", nameof(policy));
        }

        _mode = mode;
        _policy = policy;
        _normalise = normalise ?? NormaliseOptions.Default;
        _clock = clock ?? TimeProvider.System;
    }

    public string Description => $"telltale gateway in {_mode.ToString().ToLowerInvariant()} mode";

    public async Task<IAsyncDisposable> StartAsync(ProbeFrontDoorSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = new GatewayOptions
        {
            Listeners = setup.Listeners,
            CertificateAuthority = setup.CertificateAuthority,
            Upstream = setup.Upstream,
            Mode = _mode,
            Policy = _policy,
            Normalise = _normalise,
            PreserveHost = true,
            ConsoleLogging = false,
            DecisionObserver = Record,
            Clock = _clock,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        return await TelltaleGateway.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<FrontDoorDrain> DrainAsync(int forwarded, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DrainWait);
        while (true)
        {
            lock (_gate)
            {
                if (_decisions.Count(d => d.Action is "forwarded" or "normalised") >= forwarded)
                {
                    return Take(complete: true);
                }
            }

            try
            {
                await _recorded.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A backstop, never a verdict: what was decided is kept and the run is marked incomplete.
                lock (_gate)
                {
                    return Take(complete: false);
                }
            }
        }
    }

    private FrontDoorDrain Take(bool complete)
    {
        var drained = _decisions.ToList();
        _decisions.Clear();
        return new FrontDoorDrain(drained, complete);
    }

    public void Dispose() => _recorded.Dispose();

    private void Record(JsonObject decision)
    {
        var changes = decision["changes"] is JsonArray list
            ? list.OfType<JsonObject>().Select(c => new FieldTextChange(
                (string?)c["path"] ?? "",
                0,
                new TextChange((int?)c["offset"] ?? 0, (string?)c["before"] ?? "", (string?)c["after"] ?? "",
                    Enum.TryParse<TextChangeReason>((string?)c["reason"], out var reason) ? reason : TextChangeReason.LookAlike))).ToList()
            : [];
        var forms = decision["dates"] is JsonArray dates ? dates.OfType<JsonObject>().Select(d => (string?)d["form"] ?? "").Distinct(StringComparer.Ordinal).ToList() : [];
        var notes = new List<string>();
        if (decision["policy"] is JsonObject policy && (string?)policy["message"] is { } message)
        {
            notes.Add($"policy {(string?)policy["entry"]}: {message}");
        }

        var variation = decision["variation"] is JsonObject varied && varied["forms"] is JsonArray variedForms
            ? new DateFormVariation((string?)varied["client"] ?? "", (string?)varied["newForm"] ?? "",
                [.. variedForms.OfType<JsonObject>().Select(f => new DateFormCount((string?)f["form"] ?? "", (long?)f["requests"] ?? 0))])
            : null;
        if (decision["mismatches"] is JsonArray mismatches)
        {
            notes.AddRange(mismatches.Select(m => (string?)m ?? ""));
        }

        if (decision["refusal"] is JsonObject refusal && (string?)refusal["reason"] is { } why)
        {
            notes.Add(why);
        }

        var recorded = new FrontDoorDecision(
            (string?)decision["method"] ?? "", (string?)decision["route"] ?? "", (string?)decision["action"] ?? "", (int?)decision["status"] ?? 0, changes, forms, variation, notes);
        lock (_gate)
        {
            _decisions.Add(recorded);
        }

        _recorded.Release();
    }
}

using System.CommandLine;
using System.Globalization;
using Telltale.Cli.TeamServer;
using Telltale.Gateway;
using Telltale.Policy;
using Telltale.Server;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>telltale gateway --upstream URL [--listen URL] [--mode observe|normalise|block] [--policy FILE|--server URL [--name NAME]] [--log FILE] [--log-bodies]</c>:
/// the reverse proxy in front of an LLM API (Telltale.Gateway, docs/gateway.md); the CLI reads the options and the policy and starts it.
/// </summary>
internal static class GatewayCommand
{
    public const string DefaultListen = "http://127.0.0.1:8788";

    private static readonly Option<string?> Upstream = new("--upstream")
    {
        Description = "The API to forward to, e.g. https://api.anthropic.com or https://api.openai.com; the request path is appended (or give --routes)",
    };

    private static readonly Option<string?> Routes = new("--routes")
    {
        Description = "A YAML file of routes, each a path prefix with its own upstream, mode and normalising options (docs/gateway.md, \"Routes\"); instead of --upstream, --mode and --keep-typographic-quotes",
    };

    private static readonly Option<string> Listen = new("--listen")
    {
        Description = $"Where to listen, plain HTTP: an IP address or localhost and a port; default: {DefaultListen} (loopback: the gateway carries callers' API keys)",
        DefaultValueFactory = _ => DefaultListen,
    };

    private static readonly Option<string> Mode = new("--mode")
    {
        Description = "observe: forward bodies as sent and log what would change; normalise: forward them with covert characters taken out; block: normalise, and refuse clients the policy bans or has not yet allowed",
        DefaultValueFactory = _ => "normalise",
    };

    private static readonly Option<string?> PolicyFile = new("--policy")
    {
        Description = "The policy block mode judges clients by (observe and normalise log its verdict without acting on it)",
    };

    private static readonly TeamServerOptions TeamServer = TeamServerOptions.Create("Take the policy from the team server instead of --policy, and send it the decisions (never the bodies)");

    private static readonly Option<string> Name = new("--name")
    {
        Description = "The name this gateway reports its decisions under on the team server; default: this machine's host name",
        DefaultValueFactory = _ => Environment.MachineName,
    };

    private static readonly Option<string?> Log = new("--log")
    {
        Description = "Append the decision log to this file, one JSON object a line (it also goes to standard error)",
    };

    private static readonly Option<bool> LogBodies = new("--log-bodies")
    {
        Description = "Keep request bodies (the prompt text) in the decision log; off by default, since prompts hold whatever users paste",
    };

    private static readonly Option<int> MaxBodyMegabytes = new("--max-body-mb")
    {
        Description = "The largest API request body read and rewritten, in MiB, sent or decompressed; larger ones get 413",
        DefaultValueFactory = _ => 32,
    };

    private static readonly Option<bool> KeepTypographicQuotes = new("--keep-typographic-quotes")
    {
        Description = "Leave typographic quotation marks (U+2018–U+201F, guillemets) as typed; U+02BC and U+02B9 are still mapped",
    };

    public static Command Create()
    {
        var command = new Command("gateway", "Run a reverse proxy in front of an LLM API (Anthropic Messages, OpenAI Chat Completions and Responses) that takes covert characters out of prompts in flight, logs every change, and in block mode refuses banned clients (docs/gateway.md). Stops cleanly on Ctrl-C or SIGTERM.")
        {
            Upstream, Routes, Listen, Mode, PolicyFile, Log, LogBodies, MaxBodyMegabytes, KeepTypographicQuotes, Name,
        };
        TeamServer.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!ListenAddress.TryParse(parse.GetValue(Listen)!, out var listen, out var problem))
        {
            return CliError.Fail(problem);
        }

        if (GatewayModes.TryParse(parse.GetValue(Mode)!) is not { } mode)
        {
            return CliError.Fail($"--mode '{parse.GetValue(Mode)}' is not one of observe, normalise, block");
        }

        var (upstream, routes, routeProblem) = ReadRoutes(parse);
        if (routeProblem is not null)
        {
            return CliError.Fail(routeProblem);
        }

        if (parse.GetValue(MaxBodyMegabytes) is var megabytes && megabytes is < 1 or > 1024)
        {
            return CliError.Fail($"--max-body-mb {megabytes.ToString(CultureInfo.InvariantCulture)} is outside 1 to 1024");
        }

        var policyFile = parse.GetValue(PolicyFile);
        if (policyFile is not null && TeamServer.Given(parse))
        {
            return CliError.Fail("give one policy: --policy FILE or --server URL, not both");
        }

        if (parse.GetResult(Name) is { Implicit: false } && !TeamServer.Given(parse))
        {
            return CliError.Fail("--name names this gateway's decisions on the team server: give --server URL too");
        }

        if (policyFile is null && !TeamServer.Given(parse))
        {
            if (routes.Count == 0 && mode == GatewayMode.Block)
            {
                return CliError.Fail("--mode block needs a policy: --policy FILE, or --server URL for the team's");
            }

            if (routes.FirstOrDefault(r => r.Mode == GatewayMode.Block) is { } blocking)
            {
                return CliError.Fail($"route {blocking.Name} blocks, which needs a policy: --policy FILE, or --server URL for the team's");
            }
        }

        var (policy, decisionServer, failure) = await LoadPolicyAsync(parse, policyFile, cancellationToken).ConfigureAwait(false);
        if (failure is { } exitCode)
        {
            return exitCode;
        }

        var limit = megabytes * 1024L * 1024L;
        var options = new GatewayOptions
        {
            Listen = ListenAddress.EndPoint(listen),
            Upstream = upstream,
            Routes = routes,
            Mode = mode,
            Policy = policy,
            DecisionLogPath = parse.GetValue(Log),
            LogBodies = parse.GetValue(LogBodies),
            Limits = GatewayLimits.Default with { MaxBodyBytes = limit, MaxDecodedBytes = limit },
            Normalise = NormaliseOptions.Default with { KeepTypographicQuotes = parse.GetValue(KeepTypographicQuotes) },
            DecisionServer = decisionServer,
        };

        try
        {
            await TelltaleGateway.RunAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error)
        {
            // Kestrel says so when the address is in use or not this machine's; the log file, when it cannot be opened.
            return CliError.Fail($"cannot start the gateway on {listen}: {error.Message}");
        }
        catch (UnauthorizedAccessException error)
        {
            return CliError.Fail($"cannot open the decision log: {error.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C before the gateway had started: nothing was forwarded, nothing to drain.
        }

        return ExitCodes.Clean;
    }

    /// <summary>Either one upstream (the shorthand) or a route file; a problem is one line.</summary>
    private static (Uri? Upstream, IReadOnlyList<GatewayRoute> Routes, string? Problem) ReadRoutes(ParseResult parse)
    {
        var upstreamText = parse.GetValue(Upstream);
        var routesFile = parse.GetValue(Routes);
        if ((upstreamText is null) == (routesFile is null))
        {
            return (null, [], "give the API to forward to: --upstream URL, or --routes FILE for several (not both)");
        }

        if (routesFile is not null)
        {
            if (parse.GetResult(KeepTypographicQuotes) is { Implicit: false } || parse.GetResult(Mode) is { Implicit: false })
            {
                return (null, [], "--mode and --keep-typographic-quotes are set per route in the --routes file");
            }

            try
            {
                return (null, GatewayRouteFile.Load(routesFile), null);
            }
            catch (GatewayConfigException error)
            {
                return (null, [], error.Message);
            }
        }

        if (!Uri.TryCreate(upstreamText, UriKind.Absolute, out var upstream) || !GatewayRoute.IsUpstreamAddress(upstream))
        {
            return (null, [], $"--upstream '{upstreamText}' is not an API address: give http(s)://HOST[:PORT][/PREFIX], e.g. https://api.anthropic.com");
        }

        return (upstream, [], null);
    }

    /// <summary>The policy to judge clients by and, with --server, where the decisions go; or the exit code of a failure said already.</summary>
    private static async Task<(PolicyDocument? Policy, DecisionServer? Decisions, int? Failure)> LoadPolicyAsync(ParseResult parse, string? policyFile, CancellationToken cancellationToken)
    {
        if (policyFile is not null)
        {
            return PolicyCommand.Load(policyFile, out var failure) is { } local ? (local, null, null) : (null, null, failure);
        }

        using var server = TeamServer.Open(parse, Environment.GetEnvironmentVariable, out var serverProblem);
        if (serverProblem is not null)
        {
            return (null, null, CliError.Fail(serverProblem));
        }

        if (server is null)
        {
            return (null, null, null);
        }

        var name = parse.GetValue(Name)!.Trim();
        if (name.Length is 0 or > 100)
        {
            return (null, null, CliError.Fail("--name must have 1 to 100 characters"));
        }

        // Open has checked the token is there; the gateway sends it with every batch of decisions.
        var decisions = new DecisionServer(server.Server, Environment.GetEnvironmentVariable(TeamServerClient.TokenVariable)!.Trim(), name);
        try
        {
            // Read once at start: a policy changed on the server takes effect when the gateway is restarted.
            var (yaml, version) = await server.GetPolicyAsync(cancellationToken).ConfigureAwait(false);
            return (PolicyLoader.ParseSelfContained(yaml, $"{server.Server}api/v1/policy (version {version.ToString(CultureInfo.InvariantCulture)})"), decisions, null);
        }
        catch (TeamServerException error)
        {
            return (null, null, CliError.Fail(error.Message));
        }
        catch (PolicyException error)
        {
            return (null, null, CliError.Fail(error.Message));
        }
        catch (OperationCanceledException)
        {
            return (null, null, CliError.Cancelled());
        }
    }
}

using System.CommandLine;
using Telltale.Cli.TeamServer;

namespace Telltale.Cli.Commands;

/// <summary><c>--server URL</c>, the same on every verb that talks to <c>telltale serve</c>; the token is read from <c>TELLTALE_TOKEN</c>.</summary>
internal sealed record TeamServerOptions(Option<string?> Server)
{
    public static TeamServerOptions Create(string description) => new(new Option<string?>("--server")
    {
        Description = $"{description} (a telltale serve at http(s)://HOST:PORT; the API token is read from ${TeamServerClient.TokenVariable})",
    });

    public void AddTo(Command command) => command.Add(Server);

    public bool Given(ParseResult parse) => parse.GetValue(Server) is not null;

    /// <summary>
    /// The client for <c>--server</c>, null when it was not given; a bad URL or a missing token is a problem to say before
    /// any work is done, not after a long scan.
    /// </summary>
    public TeamServerClient? Open(ParseResult parse, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        if (parse.GetValue(Server) is not { } text)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https") || server.Host.Length == 0
            || !string.IsNullOrEmpty(server.Query) || !string.IsNullOrEmpty(server.Fragment) || server.UserInfo.Length > 0)
        {
            problem = $"--server '{text}' is not a server address: give http(s)://HOST:PORT, e.g. http://127.0.0.1:7878";
            return null;
        }

        if (environment(TeamServerClient.TokenVariable) is not { Length: > 0 } token)
        {
            problem = $"--server needs an API token in ${TeamServerClient.TokenVariable} (an admin makes one: POST /api/v1/tokens, docs/server.md)";
            return null;
        }

        if (server.Scheme == "http" && !server.IsLoopback)
        {
            CliError.Say($"--server {server.GetLeftPart(UriPartial.Authority)} is plain HTTP to another machine: the token crosses the network in clear");
        }

        // A base address without a trailing slash would drop its last segment from every relative request.
        var root = server.AbsolutePath.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        return new TeamServerClient(root, token.Trim());
    }
}

using System.CommandLine;
using Telltale.Server;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>telltale serve [--db PATH|CONNECTION] [--listen URL] [--init]</c>: the team server (Telltale.Server, docs/server.md) on
/// the result store, a SQLite file or a PostgreSQL database. <c>--init</c> makes the first admin token, prints it once and exits.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Database = new("--db")
    {
        Description = "The store the server keeps scans and its team tables in: a SQLite file path, or a PostgreSQL connection string starting with Host= (\"Host=db;Database=telltale;Username=telltale;Password=…\") or a postgresql:// URI; default: scans.db in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale",
    };

    private static readonly Option<string> Listen = new("--listen")
    {
        Description = $"Where to listen, plain HTTP: an IP address or localhost and a port (0.0.0.0 for every interface, behind a TLS proxy); default: {ServerOptions.DefaultListen}",
        DefaultValueFactory = _ => ServerOptions.DefaultListen,
    };

    private static readonly Option<bool> Init = new("--init")
    {
        Description = "Make the first admin token, print it once on standard output and exit; refused when a usable admin token exists",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the result store to a team over a REST API with tokens and roles: scans, histories, the policy and machines' compliance (docs/server.md). Stops cleanly on Ctrl-C or SIGTERM.")
        {
            Database, Listen, Init,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var database = parse.GetValue(Database) ?? ScanStore.DefaultPath();
        if (parse.GetValue(Init))
        {
            return Initialise(database);
        }

        if (!ListenAddress.TryParse(parse.GetValue(Listen)!, out var listen, out var problem))
        {
            return CliError.Fail(problem);
        }

        try
        {
            await TelltaleServer.RunAsync(new ServerOptions { Database = database, Listen = listen }, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException error)
        {
            return CliError.Fail(error.Message);
        }
        catch (IOException error)
        {
            // Kestrel says so when the address is in use or not this machine's.
            return CliError.Fail($"cannot listen on {listen}: {error.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C before the server had started: nothing was served, nothing to drain.
        }

        return ExitCodes.Clean;
    }

    private static int Initialise(string database)
    {
        Telltale.Team.IssuedToken? issued;
        string where;
        try
        {
            issued = TelltaleServer.InitialiseAdmin(database);

            // Named by where it is, never by the value given: a connection string may hold a password.
            where = TelltaleServer.DescribeDatabase(database);
        }
        catch (StoreException error)
        {
            return CliError.Fail(error.Message);
        }

        if (issued is null)
        {
            return CliError.Fail($"{where} has a usable admin token already; make more with POST /api/v1/tokens (docs/server.md)");
        }

        // The secret alone on standard output, so TOKEN=$(telltale serve --init) works; the explanation on standard error.
        CliError.Say($"made admin token {issued.Token.Id} in {where}; it is shown this once and stored only as its SHA-256: keep it in a secret store");
        Console.Out.WriteLine(issued.Secret);
        return ExitCodes.Clean;
    }
}

using System.CommandLine;

namespace Telltale.Cli.Commands;

/// <summary><c>--db</c> and <c>--no-store</c>, the same on every verb that reads or saves scans.</summary>
internal sealed record ResultStoreOptions(Option<string?> Database, Option<bool> NoStore)
{
    public static ResultStoreOptions Create() => new(
        new Option<string?>("--db")
        {
            Description = "The result store to reuse and save scans in; default: scans.db in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale",
        },
        new Option<bool>("--no-store")
        {
            Description = "Scan even when the result store holds this artifact, and save nothing",
        });

    public void AddTo(Command command)
    {
        command.Add(Database);
        command.Add(NoStore);
    }
}

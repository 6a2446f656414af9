using Telltale.Artifacts;

namespace Telltale.Tracking.Store;

/// <summary>
/// The result store cannot be used: not a database, damaged, written by a newer telltale, or a key
/// that matches nothing usable. The message is one line fit to print as is; the CLI maps it to exit 2.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException()
        : base("the result store cannot be used")
    {
    }

    public StoreException(string message)
        : base(EntryNames.OneLine(message.ReplaceLineEndings(" ")))
    {
    }

    public StoreException(string message, Exception innerException)
        : base(EntryNames.OneLine(message.ReplaceLineEndings(" ")), innerException)
    {
    }
}

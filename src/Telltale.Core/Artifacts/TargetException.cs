namespace Telltale.Artifacts;

/// <summary>
/// The target cannot be had: a bad spec, a missing file, a registry failure, an integrity mismatch.
/// The message is one line fit to print as is; the CLI maps this exception to exit code 2.
/// </summary>
public sealed class TargetException : Exception
{
    public TargetException()
        : base("the target cannot be resolved")
    {
    }

    public TargetException(string message)
        : base(EntryNames.OneLine(Flatten(message)))
    {
    }

    public TargetException(string message, Exception innerException)
        : base(EntryNames.OneLine(Flatten(message)), innerException)
    {
    }

    private static string Flatten(string? message) =>
        string.IsNullOrWhiteSpace(message) ? "the target cannot be resolved" : message.ReplaceLineEndings(" ");
}

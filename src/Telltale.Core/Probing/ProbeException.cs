namespace Telltale.Probing;

/// <summary>A probe that cannot run as asked (bad matrix, no isolation, tool not found): one line for the user.</summary>
public sealed class ProbeException : Exception
{
    public ProbeException()
    {
    }

    public ProbeException(string message)
        : base(message)
    {
    }

    public ProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

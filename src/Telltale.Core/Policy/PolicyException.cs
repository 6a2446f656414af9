namespace Telltale.Policy;

/// <summary>A policy file, or a file it includes, that cannot be used; the message is one line, <c>FILE:LINE: what is wrong</c>.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException()
    {
    }

    public PolicyException(string message)
        : base(message)
    {
    }

    public PolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

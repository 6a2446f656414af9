namespace Telltale.Gateway;

/// <summary>A gateway configuration that cannot be used; the message is one line naming the file and line.</summary>
public sealed class GatewayConfigException : Exception
{
    public GatewayConfigException()
    {
    }

    public GatewayConfigException(string message)
        : base(message)
    {
    }

    public GatewayConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Telltale.Gateway;

/// <summary>A request the gateway answers itself, with <see cref="StatusCode"/> and <see cref="Reason"/>, instead of forwarding it.</summary>
public sealed record RequestRefusal(RefusalKind Kind, string Reason)
{
    public int StatusCode => Kind switch
    {
        RefusalKind.TooLarge => 413,
        RefusalKind.UnsupportedEncoding => 415,
        _ => 400,
    };

    public override string ToString() => $"{StatusCode} {Kind}: {Reason}";
}

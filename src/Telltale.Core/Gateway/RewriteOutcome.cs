namespace Telltale.Gateway;

public enum RewriteOutcome
{
    /// <summary>Nothing to change (or an unknown path): the original bytes, byte for byte.</summary>
    Unchanged,

    /// <summary>Some client-written strings changed; every other byte of the body is as it was.</summary>
    Rewritten,

    /// <summary>The body cannot be rewritten safely; the gateway answers <see cref="RequestRefusal.StatusCode"/> and forwards nothing.</summary>
    Refused,
}

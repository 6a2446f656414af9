namespace Telltale.Gateway;

/// <summary>What <c>telltale gateway</c> does with the requests it sees (docs/gateway.md, "The front end").</summary>
public enum GatewayMode
{
    /// <summary>Forwards every body as sent and logs what normalising would have changed.</summary>
    Observe,

    /// <summary>Forwards bodies with their covert characters normalised; refuses a body it cannot rewrite safely.</summary>
    Normalise,

    /// <summary>Normalises, and refuses clients the policy bans or has not yet allowed.</summary>
    Block,
}

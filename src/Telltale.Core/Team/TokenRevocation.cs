namespace Telltale.Team;

/// <summary>What <see cref="ITeamStore.RevokeToken"/> did.</summary>
public enum TokenRevocation
{
    Revoked,
    NotFound,
    AlreadyRevoked,

    /// <summary>Refused: it is the last usable admin token, and revoking it would leave no one able to manage tokens except <c>serve --init</c> at the console.</summary>
    LastAdmin,
}

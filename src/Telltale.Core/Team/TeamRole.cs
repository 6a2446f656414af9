namespace Telltale.Team;

/// <summary>
/// What an API token of <c>telltale serve</c> may do. Each role may do everything the ones below it may, so a
/// check is one comparison (<c>role &gt;= required</c>); the numbers are that order and are never stored.
/// </summary>
public enum TeamRole
{
    /// <summary>A machine's agent: posts its own inventory and reads the policy, nothing else. One per fleet or per machine.</summary>
    Machine = 0,

    /// <summary>Reads everything the server holds: scans, histories, the policy and its versions, machines.</summary>
    Viewer = 1,

    /// <summary>Also changes the evidence and the list: uploads scans, puts a new policy.</summary>
    Reviewer = 2,

    /// <summary>Also manages tokens and reads the audit log.</summary>
    Admin = 3,
}

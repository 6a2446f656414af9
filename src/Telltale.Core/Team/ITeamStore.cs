using Telltale.Tracking.Store;

namespace Telltale.Team;

/// <summary>
/// What <c>telltale serve</c> keeps besides scans and timelines (those stay in <see cref="ScanStore"/>): API tokens,
/// the audit log, the versions of the team's policy and the inventories machines post. Every write takes an
/// <see cref="AuditContext"/> and commits its audit row with it. <see cref="SqliteTeamStore"/> keeps it in the result
/// store's SQLite file; a PostgreSQL implementation follows the same contract (and the same contract tests).
/// Implementations are safe to use from many threads.
/// </summary>
/// <remarks>Every method may throw <see cref="StoreException"/> when the database cannot be used.</remarks>
public interface ITeamStore : IDisposable
{
    /// <summary>Makes a token and returns it with its secret, which is not kept.</summary>
    IssuedToken IssueToken(string name, TeamRole role, AuditContext audit);

    /// <summary>Makes an admin token unless a usable one exists (checked and made in one transaction); null when one exists.</summary>
    IssuedToken? IssueFirstAdmin(string name, AuditContext audit);

    /// <summary>The usable (not revoked) token whose secret this is; null for anything else. Compares hashes in constant time.</summary>
    ApiToken? Authenticate(string secret);

    /// <summary>Every token, revoked ones too, oldest first; never a secret.</summary>
    IReadOnlyList<ApiToken> ListTokens();

    TokenRevocation RevokeToken(long id, AuditContext audit);

    /// <summary>Audits a write whose entity is kept elsewhere (an uploaded scan is in <see cref="ScanStore"/>).</summary>
    AuditEntry RecordAudit(AuditContext audit, string entity);

    /// <summary>The audit log, newest first; at most <paramref name="limit"/> entries, older than <paramref name="beforeId"/> when given.</summary>
    IReadOnlyList<AuditEntry> ListAudit(int limit, long? beforeId = null);

    /// <summary>Keeps a new version of the policy, already validated by the caller; returns it.</summary>
    StoredPolicy SavePolicy(string yaml, string name, int entries, AuditContext audit);

    /// <summary>The newest version; null before the first is put.</summary>
    StoredPolicy? CurrentPolicy();

    /// <summary>The newest version's number alone (0 before the first), so a cached parse can be reused without reading the text.</summary>
    long CurrentPolicyVersion();

    StoredPolicy? GetPolicy(long version);

    /// <summary>Every version, newest first, at most <paramref name="limit"/> (0 or less for all).</summary>
    IReadOnlyList<StoredPolicy> ListPolicies(int limit);

    StoredInventory SaveInventory(string host, string json, int items, AuditContext audit);

    /// <summary>The newest inventory of each host, by host name.</summary>
    IReadOnlyList<StoredInventory> LatestInventories();

    /// <summary>The newest inventory of <paramref name="host"/> (compared exactly); null when it never posted one.</summary>
    StoredInventory? LatestInventory(string host);

    /// <summary>
    /// Keeps the decisions of gateway <paramref name="gateway"/> that are not kept yet (by gateway and request id, so a
    /// retried batch counts once) and adds them to their clients' totals, with one audit row when any was new.
    /// </summary>
    GatewayDecisionsSaved SaveGatewayDecisions(string gateway, IReadOnlyList<GatewayDecision> decisions, AuditContext audit);

    /// <summary>The newest decisions first, at most <paramref name="limit"/>, of one client and one action when given.</summary>
    IReadOnlyList<StoredGatewayDecision> ListGatewayDecisions(string? client, string? action, int limit);

    /// <summary>Every client a gateway reported, the most recently seen first.</summary>
    IReadOnlyList<GatewayClientSummary> ListGatewayClients();
}

namespace Telltale.Team;

/// <summary>The gateways' decisions in the team tables (docs/server.md, "Gateway decisions").</summary>
public sealed partial class SqliteTeamStore
{
    /// <summary>Team schema step 2: the decisions, each client's totals, and when each client was first and last seen.</summary>
    private const string GatewayMigration = """
        CREATE TABLE team_gateway_decisions (
            id INTEGER PRIMARY KEY,
            gateway TEXT NOT NULL,
            request_id TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            action TEXT NOT NULL,
            client TEXT NOT NULL,
            document TEXT NOT NULL,
            UNIQUE (gateway, request_id)
        );
        CREATE INDEX team_gateway_decisions_by_client ON team_gateway_decisions (client, id);
        CREATE INDEX team_gateway_decisions_by_action ON team_gateway_decisions (action, id);
        CREATE TABLE team_gateway_tallies (
            client TEXT NOT NULL,
            kind TEXT NOT NULL,
            item TEXT NOT NULL,
            total INTEGER NOT NULL,
            PRIMARY KEY (client, kind, item)
        );
        CREATE TABLE team_gateway_clients (
            client TEXT PRIMARY KEY,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        UPDATE team_schema SET version = 2;
        """;

    public GatewayDecisionsSaved SaveGatewayDecisions(string gateway, IReadOnlyList<GatewayDecision> decisions, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(gateway);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(audit);
        return Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            var receivedAt = _time.GetUtcNow();
            var stored = 0;
            foreach (var decision in decisions)
            {
                if (InsertDecision(gateway, decision, receivedAt))
                {
                    stored++;
                }
            }

            // A batch that was all kept already changes nothing, and so writes no audit row.
            if (stored > 0)
            {
                InsertAudit(audit, GatewayRows.Entity(gateway, stored));
            }

            transaction.Commit();
            return new GatewayDecisionsSaved(stored, decisions.Count - stored);
        });
    }

    public IReadOnlyList<StoredGatewayDecision> ListGatewayDecisions(string? client, string? action, int limit) => Run(() =>
    {
        using var query = Command($"""
            SELECT {GatewayRows.DecisionColumns} FROM team_gateway_decisions
            WHERE ($client IS NULL OR client = $client) AND ($action IS NULL OR action = $action)
            ORDER BY id DESC LIMIT $limit;
            """);
        query.Parameters.AddWithValue("$client", (object?)client ?? DBNull.Value);
        query.Parameters.AddWithValue("$action", (object?)action ?? DBNull.Value);
        query.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        using var reader = query.ExecuteReader();
        return GatewayRows.ReadDecisions(reader, Tracking.Store.SqliteFiles.ReadTime);
    });

    public IReadOnlyList<GatewayClientSummary> ListGatewayClients() => Run(() =>
    {
        using var query = Command(GatewayRows.SummaryQuery());
        using var reader = query.ExecuteReader();
        return GatewayRows.ReadSummaries(reader, Tracking.Store.SqliteFiles.ReadTime);
    });

    /// <summary>Keeps one decision and counts it, in the caller's transaction; false when the gateway sent it before.</summary>
    private bool InsertDecision(string gateway, GatewayDecision decision, DateTimeOffset receivedAt)
    {
        using var insert = Command("""
            INSERT INTO team_gateway_decisions (gateway, request_id, decided_at, received_at, action, client, document)
            VALUES ($gateway, $request, $decided, $received, $action, $client, $document)
            ON CONFLICT (gateway, request_id) DO NOTHING RETURNING id;
            """);
        insert.Parameters.AddWithValue("$gateway", gateway);
        insert.Parameters.AddWithValue("$request", decision.RequestId);
        insert.Parameters.AddWithValue("$decided", TimeText(decision.Time));
        insert.Parameters.AddWithValue("$received", TimeText(receivedAt));
        insert.Parameters.AddWithValue("$action", decision.Action);
        insert.Parameters.AddWithValue("$client", decision.Client);
        insert.Parameters.AddWithValue("$document", decision.Json);
        if (insert.ExecuteScalar() is null)
        {
            return false;
        }

        foreach (var (kind, item, amount) in GatewayRows.Tallies(decision))
        {
            using var tally = Command("""
                INSERT INTO team_gateway_tallies (client, kind, item, total) VALUES ($client, $kind, $item, $amount)
                ON CONFLICT (client, kind, item) DO UPDATE SET total = total + excluded.total;
                """);
            tally.Parameters.AddWithValue("$client", decision.Client);
            tally.Parameters.AddWithValue("$kind", kind);
            tally.Parameters.AddWithValue("$item", item);
            tally.Parameters.AddWithValue("$amount", amount);
            tally.ExecuteNonQuery();
        }

        // The fixed-width UTC text of TimeText orders as the times do, so min and max of the text are the earliest and latest.
        using var seen = Command("""
            INSERT INTO team_gateway_clients (client, first_seen, last_seen) VALUES ($client, $time, $time)
            ON CONFLICT (client) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen);
            """);
        seen.Parameters.AddWithValue("$client", decision.Client);
        seen.Parameters.AddWithValue("$time", TimeText(decision.Time));
        seen.ExecuteNonQuery();
        return true;
    }
}

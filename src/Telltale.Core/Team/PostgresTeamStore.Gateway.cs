using Npgsql;
using NpgsqlTypes;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Team;

/// <summary>The gateways' decisions in the team tables (docs/server.md, "Gateway decisions").</summary>
public sealed partial class PostgresTeamStore
{
    /// <summary>Team schema step 2: the decisions, each client's totals, and when each client was first and last seen.</summary>
    private const string GatewayMigration = """
        CREATE TABLE team_gateway_decisions (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            gateway text NOT NULL,
            request_id text NOT NULL,
            decided_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL,
            action text NOT NULL,
            client text NOT NULL,
            document text NOT NULL,
            UNIQUE (gateway, request_id)
        );
        CREATE INDEX team_gateway_decisions_by_client ON team_gateway_decisions (client, id);
        CREATE INDEX team_gateway_decisions_by_action ON team_gateway_decisions (action, id);
        CREATE TABLE team_gateway_tallies (
            client text NOT NULL,
            kind text NOT NULL,
            item text NOT NULL,
            total bigint NOT NULL,
            PRIMARY KEY (client, kind, item)
        );
        CREATE TABLE team_gateway_clients (
            client text PRIMARY KEY,
            first_seen timestamptz NOT NULL,
            last_seen timestamptz NOT NULL
        );
        """;

    public GatewayDecisionsSaved SaveGatewayDecisions(string gateway, IReadOnlyList<GatewayDecision> decisions, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(gateway);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(audit);
        return _database.InTransaction(connection =>
        {
            var receivedAt = Now();
            var stored = decisions.Count(decision => InsertDecision(connection, gateway, decision, receivedAt));

            // A batch that was all kept already changes nothing, and so writes no audit row.
            if (stored > 0)
            {
                InsertAudit(connection, audit, GatewayRows.Entity(gateway, stored));
            }

            return new GatewayDecisionsSaved(stored, decisions.Count - stored);
        });
    }

    public IReadOnlyList<StoredGatewayDecision> ListGatewayDecisions(string? client, string? action, int limit) => Query($"""
        SELECT {GatewayRows.DecisionColumns} FROM team_gateway_decisions
        WHERE (@client::text IS NULL OR client = @client) AND (@action::text IS NULL OR action = @action)
        ORDER BY id DESC LIMIT @limit;
        """,
        query =>
        {
            PostgresDatabase.Parameter(query, "client", NpgsqlDbType.Text, client);
            PostgresDatabase.Parameter(query, "action", NpgsqlDbType.Text, action);
            PostgresDatabase.Limit(query, limit);
        },
        GatewayRows.ReadDecisions);

    public IReadOnlyList<GatewayClientSummary> ListGatewayClients() =>
        Query(GatewayRows.SummaryQuery("COLLATE \"C\""), _ => { }, GatewayRows.ReadSummaries);

    /// <summary>
    /// Keeps one decision and counts it, in the caller's transaction; false when the gateway sent it before. Two servers
    /// given the same decision at once: the second insert waits on the first's row and then does nothing, so it counts once.
    /// </summary>
    private static bool InsertDecision(NpgsqlConnection connection, string gateway, GatewayDecision decision, DateTimeOffset receivedAt)
    {
        var decidedAt = PostgresDatabase.Stored(decision.Time);
        using var insert = PostgresDatabase.Command(connection, """
            INSERT INTO team_gateway_decisions (gateway, request_id, decided_at, received_at, action, client, document)
            VALUES (@gateway, @request, @decided, @received, @action, @client, @document)
            ON CONFLICT (gateway, request_id) DO NOTHING RETURNING id;
            """);
        insert.Parameters.AddWithValue("gateway", gateway);
        insert.Parameters.AddWithValue("request", decision.RequestId);
        insert.Parameters.AddWithValue("decided", decidedAt);
        insert.Parameters.AddWithValue("received", receivedAt);
        insert.Parameters.AddWithValue("action", decision.Action);
        insert.Parameters.AddWithValue("client", decision.Client);
        insert.Parameters.AddWithValue("document", decision.Json);
        if (insert.ExecuteScalar() is null)
        {
            return false;
        }

        foreach (var (kind, item, amount) in GatewayRows.Tallies(decision))
        {
            using var tally = PostgresDatabase.Command(connection, """
                INSERT INTO team_gateway_tallies (client, kind, item, total) VALUES (@client, @kind, @item, @amount)
                ON CONFLICT (client, kind, item) DO UPDATE SET total = team_gateway_tallies.total + excluded.total;
                """);
            tally.Parameters.AddWithValue("client", decision.Client);
            tally.Parameters.AddWithValue("kind", kind);
            tally.Parameters.AddWithValue("item", item);
            tally.Parameters.AddWithValue("amount", amount);
            tally.ExecuteNonQuery();
        }

        using var seen = PostgresDatabase.Command(connection, """
            INSERT INTO team_gateway_clients (client, first_seen, last_seen) VALUES (@client, @time, @time)
            ON CONFLICT (client) DO UPDATE SET first_seen = LEAST(team_gateway_clients.first_seen, excluded.first_seen),
                last_seen = GREATEST(team_gateway_clients.last_seen, excluded.last_seen);
            """);
        seen.Parameters.AddWithValue("client", decision.Client);
        seen.Parameters.AddWithValue("time", decidedAt);
        seen.ExecuteNonQuery();
        return true;
    }
}

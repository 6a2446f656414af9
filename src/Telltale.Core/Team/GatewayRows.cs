using System.Data.Common;

namespace Telltale.Team;

/// <summary>
/// How both team stores keep gateway decisions: the same columns, the same totals per client (kind and item, counted
/// when a decision is first stored, so a summary never reads every decision) and the same readers.
/// </summary>
internal static class GatewayRows
{
    public const string DecisionColumns = "id, gateway, request_id, decided_at, received_at, action, client, document";

    /// <summary>
    /// Client, first seen, last seen, then one tally a row (kind, item, total), null for a client without one; clients in
    /// a fixed order whatever the database's collation (<paramref name="byteOrder"/>: PostgreSQL's <c>COLLATE "C"</c>).
    /// </summary>
    public static string SummaryQuery(string byteOrder = "") => $"""
        SELECT c.client, c.first_seen, c.last_seen, t.kind, t.item, t.total
        FROM team_gateway_clients c LEFT JOIN team_gateway_tallies t ON t.client = c.client
        ORDER BY c.last_seen DESC, c.client {byteOrder}, t.kind {byteOrder}, t.item {byteOrder};
        """;

    public const string ActionKind = "action";
    public const string ChangeKind = "change";
    public const string DateKind = "date";
    public const string MismatchKind = "mismatch";

    /// <summary>The audit entity of a batch: which gateway, how many decisions were kept.</summary>
    public static string Entity(string gateway, int stored) => $"gateway:{gateway}:{stored}";

    /// <summary>What one new decision adds to its client's totals, one per (kind, item) with the amount.</summary>
    public static IEnumerable<(string Kind, string Item, long Amount)> Tallies(GatewayDecision decision)
    {
        yield return (ActionKind, decision.Action, 1);
        foreach (var pair in decision.CodePointChanges.GroupBy(c => c, StringComparer.Ordinal))
        {
            yield return (ChangeKind, pair.Key, pair.LongCount());
        }

        foreach (var form in decision.DateForms.Distinct(StringComparer.Ordinal))
        {
            yield return (DateKind, form, 1);
        }

        if (decision.HasMismatches)
        {
            yield return (MismatchKind, "", 1);
        }
    }

    public static List<StoredGatewayDecision> ReadDecisions(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var decisions = new List<StoredGatewayDecision>();
        while (reader.Read())
        {
            decisions.Add(new StoredGatewayDecision
            {
                Id = reader.GetInt64(0),
                Gateway = reader.GetString(1),
                RequestId = reader.GetString(2),
                Time = readTime(reader, 3),
                ReceivedAt = readTime(reader, 4),
                Action = reader.GetString(5),
                Client = reader.GetString(6),
                Json = reader.GetString(7),
            });
        }

        return decisions;
    }

    /// <summary>The rows of <see cref="SummaryQuery"/> folded into one summary per client, in the query's order.</summary>
    public static List<GatewayClientSummary> ReadSummaries(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var summaries = new List<GatewayClientSummary>();
        string? client = null;
        DateTimeOffset firstSeen = default, lastSeen = default;
        Dictionary<string, long> actions = [], changes = [], dates = [];
        long mismatches = 0;

        void Finish()
        {
            if (client is not null)
            {
                summaries.Add(new GatewayClientSummary
                {
                    Client = client, FirstSeen = firstSeen, LastSeen = lastSeen, Actions = actions, CodePointChanges = changes, DateForms = dates, Mismatches = mismatches,
                });
            }
        }

        while (reader.Read())
        {
            var rowClient = reader.GetString(0);
            if (!string.Equals(rowClient, client, StringComparison.Ordinal))
            {
                Finish();
                client = rowClient;
                firstSeen = readTime(reader, 1);
                lastSeen = readTime(reader, 2);
                (actions, changes, dates, mismatches) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0);
            }

            if (reader.IsDBNull(3))
            {
                continue;
            }

            var total = reader.GetInt64(5);
            switch (reader.GetString(3))
            {
                case ActionKind:
                    actions[reader.GetString(4)] = total;
                    break;
                case ChangeKind:
                    changes[reader.GetString(4)] = total;
                    break;
                case DateKind:
                    dates[reader.GetString(4)] = total;
                    break;
                case MismatchKind:
                    mismatches = total;
                    break;
                default:
                    // A kind a newer telltale counts: this one has nowhere to show it.
                    break;
            }
        }

        Finish();
        return summaries;
    }
}

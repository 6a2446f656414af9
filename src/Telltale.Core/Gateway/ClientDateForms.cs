namespace Telltale.Gateway;

/// <summary>
/// The date forms each client has used (observe mode's per-client variation report), counted in memory for the
/// gateway's life. Bounded: past <see cref="MaxClients"/> clients, new ones are not tracked (and counted as such), and a
/// client keeps at most <see cref="MaxFormsPerClient"/> forms, so hostile User-Agents or bodies cannot grow it without end.
/// </summary>
public sealed class ClientDateForms
{
    public const int MaxClients = 10_000;
    public const int MaxFormsPerClient = 16;

    private readonly Dictionary<string, Dictionary<string, long>> _clients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _untracked;

    /// <summary>Requests from clients that arrived after <see cref="MaxClients"/> were being tracked.</summary>
    public long UntrackedRequests
    {
        get
        {
            lock (_gate)
            {
                return _untracked;
            }
        }
    }

    /// <summary>
    /// Counts one request of <paramref name="client"/> that wrote dates in <paramref name="forms"/>. Returns the variation
    /// when this request used a form the client had not used before and the client now has more than one; null otherwise.
    /// </summary>
    public DateFormVariation? Record(string client, IEnumerable<string> forms)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(forms);
        var distinct = forms.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (!_clients.TryGetValue(client, out var counts))
            {
                if (_clients.Count >= MaxClients)
                {
                    _untracked++;
                    return null;
                }

                counts = new Dictionary<string, long>(StringComparer.Ordinal);
                _clients[client] = counts;
            }

            string? added = null;
            foreach (var form in distinct)
            {
                if (counts.TryGetValue(form, out var count))
                {
                    counts[form] = count + 1;
                }
                else if (counts.Count < MaxFormsPerClient)
                {
                    // Only a form that joins forms already seen is a variation; a client's first forms are its habit.
                    if (counts.Count > 0)
                    {
                        added ??= form;
                    }

                    counts[form] = 1;
                }
            }

            return added is null || counts.Count < 2 ? null : new DateFormVariation(client, added, Ordered(counts));
        }
    }

    /// <summary>Every tracked client with its forms, clients and forms in ordinal order.</summary>
    public IReadOnlyList<(string Client, IReadOnlyList<DateFormCount> Forms)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _clients.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, Ordered(c.Value)))];
        }
    }

    private static IReadOnlyList<DateFormCount> Ordered(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new DateFormCount(c.Key, c.Value))];
}

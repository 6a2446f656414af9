using Telltale.Policy;

namespace Telltale.Server.Storage;

/// <summary>
/// Parses the current policy once per version rather than on every inventory posted: the store says which version is
/// current (one small query), so a version put by another server process on the same database is picked up too.
/// </summary>
internal sealed class PolicyCache(ServerStores stores)
{
    private CurrentPolicy _cached = CurrentPolicy.None;

    public CurrentPolicy Current()
    {
        var cached = Volatile.Read(ref _cached);
        var version = stores.Team.CurrentPolicyVersion();
        if (version == (cached.Stored?.Version ?? 0))
        {
            return cached;
        }

        var stored = stores.Team.CurrentPolicy();
        if (stored is null)
        {
            return CurrentPolicy.None;
        }

        // Validated when it was put; a text that no longer parses (a newer telltale's field, a hand edit) is a fault of the server's data, not the client's request.
        var parsed = new CurrentPolicy(stored, PolicyLoader.ParseSelfContained(stored.Yaml, PolicyFileName));
        Volatile.Write(ref _cached, parsed);
        return parsed;
    }

    /// <summary>How a policy sent to the server is named in the loader's <c>file:line</c> messages.</summary>
    public const string PolicyFileName = "policy.yaml";
}

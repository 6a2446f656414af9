namespace Telltale.Tracking.Diffing;

/// <summary>
/// The kinds of capability a diff lists apart from the findings, because a reviewer asks "what can the
/// new release do that the old one could not" before "which finding is new".
/// </summary>
public enum CapabilityCategory
{
    /// <summary><c>env.read:NAME</c>: environment variables the code reads.</summary>
    EnvironmentVariables,

    /// <summary><c>host.*</c> sources and <c>fingerprint:TERM</c> indicators: what tells the code where the user is.</summary>
    Fingerprints,

    /// <summary><c>list.hidden:KIND</c> and <c>list.encoded:KIND</c>: lists kept out of plain sight, compared entry by entry.</summary>
    HiddenLists,

    /// <summary><c>channel.*</c>: choices of look-alike, invisible or transformed text made by the environment.</summary>
    CovertChannels,

    /// <summary>URLs, host names of network services, and the sinks through which text leaves the process.</summary>
    NetworkEndpoints,
}

using Telltale.Policy;
using Telltale.Team;

namespace Telltale.Server.Storage;

/// <summary>The team's policy as last put, parsed; <see cref="Stored"/> is null (and the document empty) before the first.</summary>
internal sealed record CurrentPolicy(StoredPolicy? Stored, PolicyDocument Document)
{
    /// <summary>What inventories are judged against before any policy is put: nothing is listed, so every item passes as not listed.</summary>
    public static CurrentPolicy None { get; } = new(null, new PolicyDocument("no policy", [], []));
}

using Telltale.Policy;
using Telltale.Team;

namespace Telltale.Server.Storage;

/// <summary>What putting a policy did: the version now current, its parsed document, and whether a new version was written.</summary>
internal sealed record PolicyPutResult(StoredPolicy Stored, PolicyDocument Document, bool Changed);

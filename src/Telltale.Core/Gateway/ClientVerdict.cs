using Telltale.Policy.Compliance;

namespace Telltale.Gateway;

/// <summary>
/// What the policy says of a client: whether the gateway refuses it, and the compliance verdict behind that (its entry,
/// outcome and message); <see cref="Compliance"/> is null for a client no table row recognised.
/// </summary>
public sealed record ClientVerdict(bool Blocked, ComplianceVerdict? Compliance);

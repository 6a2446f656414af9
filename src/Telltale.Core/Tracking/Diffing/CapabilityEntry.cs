using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// One capability one report shows. <see cref="Identity"/> is what two versions are matched by; hidden
/// lists are matched by capability and then paired by their entries instead.
/// </summary>
internal sealed record CapabilityEntry(
    CapabilityCategory Category,
    string Identity,
    string Capability,
    string Name,
    string Detail,
    Severity Severity,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> Values);

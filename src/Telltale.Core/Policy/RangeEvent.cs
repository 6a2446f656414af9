namespace Telltale.Policy;

/// <summary>One OSV range event; <see cref="Version"/> is <c>0</c> for "introduced from the first version".</summary>
public sealed record RangeEvent(RangeEventKind Kind, string Version);

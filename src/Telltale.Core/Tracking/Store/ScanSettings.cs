namespace Telltale.Tracking.Store;

/// <summary>
/// How a stored scan was made besides the artifact and tool version, kept beside its
/// <see cref="ScanFingerprint"/> (a hash, which cannot be read back) so <c>report show</c> can say which
/// rules and options a report comes from.
/// </summary>
/// <param name="RulePacks">The packs added to the embedded default rules, in order; empty for the default alone.</param>
/// <param name="AnalyzeBehaviour">Whether the JavaScript behaviour analysis ran (off with <c>--no-behaviour</c>).</param>
public sealed record ScanSettings(IReadOnlyList<RulePackFile> RulePacks, bool AnalyzeBehaviour);

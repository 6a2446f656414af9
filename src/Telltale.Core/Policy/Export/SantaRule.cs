namespace Telltale.Policy.Export;

/// <summary>One rule of a Santa rule download.</summary>
/// <param name="Identifier">The executable's sha256, lower-case hex.</param>
/// <param name="Policy"><c>BLOCKLIST</c> or <c>REMOVE</c>.</param>
/// <param name="RuleType">Always <c>BINARY</c>.</param>
/// <param name="CustomMessage">What Santa's block dialog says; null for a <c>REMOVE</c>.</param>
public sealed record SantaRule(string Identifier, string Policy, string RuleType, string? CustomMessage);

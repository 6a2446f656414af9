using Telltale.Findings;

namespace Telltale.Scanning;

/// <summary>What one entry contributed to a scan.</summary>
internal sealed record EntryResult(IReadOnlyList<Finding> Findings, IReadOnlyList<ObfuscationScheme> Schemes, int Literals, int DecodedLiterals);

using Telltale.Findings;

namespace Telltale.Harvesting;

/// <summary>
/// A string found in an entry. <see cref="Callee"/> is the function a JavaScript literal is passed to as
/// its first argument (e.g. <c>_$d</c> in <c>_$d("…")</c>); <see cref="Binding"/> is the variable or
/// property it is assigned to (e.g. <c>Xi_</c> in <c>Xi_="…"</c>). Both are hints for grouping literals
/// that one scheme hides, and are null when the literal stands elsewhere.
/// </summary>
public sealed record HarvestedLiteral(string Value, LiteralKind Kind, SourceLocation Location, string? Callee = null, string? Binding = null);

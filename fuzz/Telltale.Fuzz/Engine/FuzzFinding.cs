namespace Telltale.Fuzz.Engine;

/// <summary>One problem input: what happened, a signature that groups inputs failing the same way, and where it was saved.</summary>
public sealed record FuzzFinding(FuzzFindingKind Kind, string Target, string Signature, string Details, string? InputPath);

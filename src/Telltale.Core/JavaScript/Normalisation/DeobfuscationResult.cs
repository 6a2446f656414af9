namespace Telltale.JavaScript.Normalisation;

/// <summary>What <see cref="Deobfuscator"/> made of a script.</summary>
/// <param name="Text">The normalised script (the input itself when it does not parse or nothing applied).</param>
/// <param name="Rounds">Rounds that rewrote the text.</param>
/// <param name="Rewrites">Rewrites made over all rounds.</param>
/// <param name="SandboxEvaluations">Sandbox runs, each charged to the work budget.</param>
/// <param name="Complete">False when a work budget or a per-run limit stopped part of it: some of the script may still be obfuscated.</param>
/// <param name="ParseError">Why the input does not parse as JavaScript; null when it does.</param>
public sealed record DeobfuscationResult(string Text, int Rounds, int Rewrites, int SandboxEvaluations, bool Complete, string? ParseError);

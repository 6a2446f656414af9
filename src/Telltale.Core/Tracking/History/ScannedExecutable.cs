namespace Telltale.Tracking.History;

/// <summary>A single-file executable a version's scan opened: where it sits and the sha256 of the file itself.</summary>
/// <param name="Path">Its entry path, <c>@anthropic-ai/claude-code-linux-x64@2.1.197!/package/claude</c>.</param>
/// <param name="Sha256">SHA-256 of the executable, lower-case hex.</param>
public sealed record ScannedExecutable(string Path, string Sha256);

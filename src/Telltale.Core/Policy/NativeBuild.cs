namespace Telltale.Policy;

/// <summary>
/// One native build an entry covers, matched by the executable's own sha256 (not its package tarball's), as
/// Santa and an inventory see it.
/// </summary>
/// <param name="Platform">npm's platform spelling, <c>linux-x64</c>, <c>darwin-arm64</c>, <c>linux-x64-musl</c>.</param>
/// <param name="Sha256">SHA-256 of the executable file, lower-case hex.</param>
/// <param name="Version">The version of the package the build shipped in, when known.</param>
/// <param name="Path">Where the executable sits in that package, e.g. <c>@anthropic-ai/claude-code-linux-x64@2.1.197!/package/claude</c>.</param>
public sealed record NativeBuild(string Platform, string Sha256, string? Version = null, string? Path = null);

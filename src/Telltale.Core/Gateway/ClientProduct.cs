namespace Telltale.Gateway;

/// <summary>
/// One row of <see cref="ClientIdentification.Products"/>: a User-Agent product token (the text before the first '/')
/// and the package that sends it.
/// </summary>
/// <param name="Token">The product token, compared without regard to case: <c>claude-cli</c>.</param>
/// <param name="Ecosystem">Where the package is published, as a policy names it: <c>npm</c>, <c>PyPI</c>.</param>
/// <param name="Package">The package name as a policy entry's <c>affected</c> names it.</param>
/// <param name="VersionHeader">
/// A header that states the package version more precisely than the User-Agent does (the Stainless-generated SDKs'
/// <c>x-stainless-package-version</c>), or null when the User-Agent's own version is the package's.
/// </param>
/// <param name="Speaks">The API shapes the client sends; a request of another shape under its name is a claim worth a log line.</param>
/// <param name="BodyVersionMarker">
/// Text the client writes before its own version inside the prompt (Claude Code's billing line <c>cc_version=2.1.91.e3c</c>),
/// a second claim to compare with the User-Agent's; null when the client states none.
/// </param>
public sealed record ClientProduct(
    string Token, string Ecosystem, string Package, string? VersionHeader, IReadOnlyList<ApiShape> Speaks, string? BodyVersionMarker = null);

namespace Telltale.Gateway;

/// <summary>A client version written inside the prompt (<c>cc_version=2.1.91.e3c</c>): the product row whose marker it follows, the version and where.</summary>
public sealed record StatedVersion(ClientProduct Product, string Version, string JsonPath);

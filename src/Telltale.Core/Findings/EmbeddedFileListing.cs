namespace Telltale.Findings;

/// <summary>One file of an <see cref="EmbeddedPayloadListing"/>.</summary>
/// <param name="Name">The file's name inside the payload, as its entry is named (<c>$bunfs/root/cli.js</c>).</param>
/// <param name="Kind"><c>source</c>, <c>bytecode</c> or <c>asset</c>.</param>
/// <param name="Encoding"><c>utf-8</c> or <c>latin1</c>: how a source file's bytes read as text.</param>
/// <param name="Note">Why the file matters beyond its name, e.g. that it is bytecode with no source; null otherwise.</param>
public sealed record EmbeddedFileListing(string Name, string Kind, long Bytes, string Encoding, bool IsEntryPoint, string? Note);

namespace Telltale.Fuzz.Seeds;

/// <summary>One file as the walker records it: source (STORE_CONTENT), V8 bytecode (STORE_BLOB), or both.</summary>
internal sealed record PkgFixtureFile(string Path, byte[]? Content, byte[]? Bytecode = null);

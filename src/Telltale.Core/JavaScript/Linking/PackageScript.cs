namespace Telltale.JavaScript.Linking;

/// <summary>A script of a package as the linker sees it: where it is (the report's path) and its text.</summary>
/// <param name="Path">The entry's path, as findings report it.</param>
/// <param name="Text">The decoded text.</param>
/// <param name="Codec">The file's encoding, for byte offsets in the report.</param>
public sealed record PackageScript(string Path, string Text, System.Text.Encoding Codec);

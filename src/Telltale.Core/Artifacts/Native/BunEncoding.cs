namespace Telltale.Artifacts.Native;

/// <summary>How Bun stored a module's contents.</summary>
internal enum BunEncoding : byte
{
    Binary = 0,
    Latin1 = 1,
    Utf8 = 2,
}

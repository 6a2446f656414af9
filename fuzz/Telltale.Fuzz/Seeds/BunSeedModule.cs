namespace Telltale.Fuzz.Seeds;

/// <summary>One module for <see cref="BunGraphWriter"/>: encoding 1 = Latin-1, loader 1 = js, 5 = file, 13 = text.</summary>
internal sealed record BunSeedModule(string Name, byte[] Contents, byte Encoding = 1, byte Loader = 1)
{
    public byte[]? Bytecode { get; init; }

    /// <summary>With <see cref="SharedBytecodeOffset"/>: one blob all modules point into.</summary>
    public byte[]? SharedBytecode { get; init; }

    public int? SharedBytecodeOffset { get; init; }

    public static BunSeedModule Script(string name, string source) => new(name, System.Text.Encoding.Latin1.GetBytes(source));
}

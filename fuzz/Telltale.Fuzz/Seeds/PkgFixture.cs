namespace Telltale.Fuzz.Seeds;

/// <summary>The executable and the numbers the producer wrote into its placeholders.</summary>
internal sealed record PkgFixture(byte[] Bytes, long PayloadPosition, long PayloadSize, long PreludePosition, long PreludeSize);

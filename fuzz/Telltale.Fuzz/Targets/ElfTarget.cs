using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>ELF files (32/64-bit, both byte orders, notes and sections).</summary>
internal sealed class ElfTarget() : NativeImageTarget("elf")
{
    public override IEnumerable<byte[]> Seeds() => ExecutableSeeds.Elfs();
}

using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Mach-O files (thin 32/64-bit, both byte orders, universal).</summary>
internal sealed class MachOTarget() : NativeImageTarget("macho")
{
    public override IEnumerable<byte[]> Seeds() => ExecutableSeeds.MachOs();
}

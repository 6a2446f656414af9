using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>PE files (sections, resource trees, certificate table).</summary>
internal sealed class PeTarget() : NativeImageTarget("pe")
{
    public override IEnumerable<byte[]> Seeds() => ExecutableSeeds.Pes();
}

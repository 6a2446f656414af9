using Telltale.Artifacts;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Plain tar in every header flavour (ustar, pax, gnu, v7) through <see cref="TarUnpacker"/>.</summary>
internal sealed class TarTarget() : UnpackerTarget("tar", new TarUnpacker(), "fuzz.tar")
{
    public override IEnumerable<byte[]> Seeds() => ArchiveSeeds.Tars();
}

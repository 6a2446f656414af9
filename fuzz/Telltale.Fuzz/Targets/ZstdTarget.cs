using Telltale.Artifacts;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Zstandard frames through <see cref="ZstdUnpacker"/>.</summary>
internal sealed class ZstdTarget() : UnpackerTarget("zstd", new ZstdUnpacker(), "fuzz.tar.zst")
{
    public override IEnumerable<byte[]> Seeds() => ArchiveSeeds.Zstds();
}

using Telltale.Artifacts;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Zip archives through <see cref="ZipUnpacker"/>.</summary>
internal sealed class ZipTarget() : UnpackerTarget("zip", new ZipUnpacker(), "fuzz.zip")
{
    public override IEnumerable<byte[]> Seeds() => ArchiveSeeds.Zips();
}

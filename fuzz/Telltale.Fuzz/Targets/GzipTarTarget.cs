using Telltale.Artifacts;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Gzip-compressed tar (npm tarballs) and single gzip files through <see cref="TarUnpacker"/>.</summary>
internal sealed class GzipTarTarget() : UnpackerTarget("tar.gz", new TarUnpacker(), "fuzz.tgz")
{
    public override IEnumerable<byte[]> Seeds() => ArchiveSeeds.Gzips();
}

using Telltale.Artifacts;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// The whole unpacking path from a file on disk: <see cref="ArtifactExpander.Default"/> picks tar, zip, zstd
/// or the single-file executable unpacker by name and magic, and opens what it finds inside, nested.
/// </summary>
internal sealed class ExpanderTarget : IFuzzTarget, IDisposable
{
    // The name decides part of the detection (".tar" with a valid checksum, ".zip"), so it varies with the input.
    private static readonly string[] FileNames = ["fuzz.tgz", "fuzz.tar", "fuzz.zip", "fuzz"];

    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-fuzz-expander-").FullName;

    public string Name => "expander";

    public string Contract =>
        "ArtifactExpander.Expand on a file never throws; every nested entry stays within the limits and the nesting depth; broken containers become refusals";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() =>
        ArchiveSeeds.Gzips().Concat(ArchiveSeeds.Zips()).Concat(ArchiveSeeds.Zstds()).Concat(ArchiveSeeds.Tars().Take(2))
            .Concat(ExecutableSeeds.Buns()).Concat(ExecutableSeeds.Seas().Where(NativeImageMagic)).Concat(ExecutableSeeds.Pkgs())
            .Append(ArchiveSeeds.Zip([("app.exe", ExecutableSeeds.Buns().First()), ("pkg.tgz", ArchiveSeeds.Gzips().First())], System.IO.Compression.CompressionLevel.Fastest));

    private static bool NativeImageMagic(byte[] seed) => Telltale.Artifacts.Native.NativeImage.HasNativeMagic(seed);

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var name = FileNames[input.Length % FileNames.Length];
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, input.ToArray());
        using var context = UnpackerContract.NewContext();
        features.Add("name", name);
        UnpackerContract.Drain(ArtifactExpander.Default.Expand(path, context), context, features, context.Limits.MaxNestingDepth);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a finished run over.
        }
    }
}

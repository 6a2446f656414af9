using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Telltale.Fuzz.Targets;

namespace Telltale.Fuzz;

/// <summary>
/// The <c>seed</c> verb: writes a corpus folder per target from the targets' built-in seeds, the small npm
/// tarballs in the Telltale cache (and the scripts inside them), and executables of this machine.
/// </summary>
internal static class SeedCommand
{
    // Larger tarballs (the 70 MB agent bundles) would dominate a mutation corpus; small ones carry the same structure.
    private const long MaxCachedTarballBytes = 512 * 1024;
    private const long MaxScriptBytes = 256 * 1024;
    private const long MaxBinaryBytes = 2 * 1024 * 1024;

    // lodash alone has a thousand modules; a few dozen per package show its style without drowning the other seeds.
    private const int MaxScriptsPerTarball = 40;

    private static readonly string[] MachineBinaries = ["/bin/true", "/usr/bin/true", "/bin/ls"];

    public static int Run(FuzzArguments arguments)
    {
        var output = Directory.CreateDirectory(arguments.Require("out")).FullName;
        var cache = arguments.Get("cache") ?? Environment.GetEnvironmentVariable("TELLTALE_CACHE_DIR")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "telltale");
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Write(string target, byte[] input)
        {
            var directory = Directory.CreateDirectory(Path.Combine(output, target)).FullName;
            File.WriteAllBytes(Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(input))[..16] + ".bin"), input);
            counts[target] = counts.GetValueOrDefault(target) + 1;
        }

        foreach (var name in FuzzTargets.Names)
        {
            var target = FuzzTargets.Create(name)!;
            foreach (var seed in target.Seeds())
            {
                Write(name, seed);
            }

            (target as IDisposable)?.Dispose();
        }

        var tarballs = Directory.Exists(cache)
            ? Directory.EnumerateFiles(cache, "*.tgz", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length <= MaxCachedTarballBytes).Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var tarball in tarballs)
        {
            Console.WriteLine($"npm cache: {tarball}");
            var bytes = File.ReadAllBytes(tarball);
            Write("tar.gz", bytes);
            Write("expander", bytes);
            Write("scan", bytes);
            foreach (var script in Scripts(bytes).Take(MaxScriptsPerTarball))
            {
                Write("harvester", script);
                Write("behaviour", script);
            }
        }

        foreach (var binary in MachineBinaries.Where(File.Exists).Where(f => new FileInfo(f).Length <= MaxBinaryBytes))
        {
            Console.WriteLine($"machine binary: {binary}");
            var bytes = File.ReadAllBytes(binary);
            Write("elf", bytes);
            Write("expander", bytes);
        }

        // A managed assembly is a PE file with a CLR header; the smallest of the runtime's is a few kilobytes.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var managed = Directory.EnumerateFiles(runtime, "*.dll").Select(f => new FileInfo(f)).OrderBy(f => f.Length).ThenBy(f => f.Name, StringComparer.Ordinal).First();
        Console.WriteLine($"managed PE: {managed.FullName}");
        Write("pe", File.ReadAllBytes(managed.FullName));

        foreach (var (target, count) in counts)
        {
            Console.WriteLine($"{target,-14} {count} seed(s)");
        }

        return 0;
    }

    /// <summary>The .js files of a gzipped npm tarball, small ones only.</summary>
    private static List<byte[]> Scripts(byte[] tarball)
    {
        var scripts = new List<byte[]>();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is { } data && entry.Length <= MaxScriptBytes
                    && (entry.Name.EndsWith(".js", StringComparison.Ordinal) || entry.Name.EndsWith(".mjs", StringComparison.Ordinal) || entry.Name.EndsWith(".cjs", StringComparison.Ordinal)))
                {
                    using var buffer = new MemoryStream();
                    data.CopyTo(buffer);
                    scripts.Add(buffer.ToArray());
                }
            }
        }
        catch (InvalidDataException)
        {
            // A tarball the BCL cannot read still went in whole as a tar.gz seed.
        }

        return scripts;
    }
}

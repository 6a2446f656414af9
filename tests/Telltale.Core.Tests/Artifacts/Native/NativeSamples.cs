using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Telltale.Tests.Artifacts.Native;

/// <summary>
/// Real executables: ELF files of the test machine, the test assembly (PE), and esbuild's Mach-O and PE
/// builds from the npm registry. The downloads are pinned by integrity and cached under
/// <c>$TELLTALE_CACHE_DIR/native-samples</c> (else <c>~/.cache/telltale/native-samples</c>).
/// </summary>
internal static class NativeSamples
{
    public const string LsPath = "/bin/ls";
    public const string LibcPath = "/usr/lib/x86_64-linux-gnu/libc.so.6";

    private static readonly Lazy<Task<byte[]>> DarwinArm64 = new(() => DownloadAsync(
        "@esbuild/darwin-arm64", "0.25.0",
        "sha512-mVwdUb5SRkPayVadIOI78K7aAnPamoeFR2bT5nszFUZ9P8UpK4ratOdYbZZXYSqPKMHfS1wdHCJk1P1EZpRdvw==",
        "package/bin/esbuild"));

    private static readonly Lazy<Task<byte[]>> Win32X64 = new(() => DownloadAsync(
        "@esbuild/win32-x64", "0.25.0",
        "sha512-ZENoHJBxA20C2zFzh6AI4fT6RraMzjYw4xKWemRTRmRVtN9c5DcH9r/f2ihEkMjOW5eGgrwCslG/+Y/3bL+DHQ==",
        "package/esbuild.exe"));

    public static byte[] Ls => Read(LsPath);

    public static byte[] Libc => Read(LibcPath);

    /// <summary>This assembly: a PE built by the SDK, with a VERSION resource in <c>.rsrc</c>.</summary>
    public static byte[] TestAssembly => File.ReadAllBytes(typeof(NativeSamples).Assembly.Location);

    public static string TestAssemblyPath => typeof(NativeSamples).Assembly.Location;

    /// <summary>esbuild 0.25.0 for macOS on Apple silicon: a thin, signed 64-bit Mach-O (Go).</summary>
    public static Task<byte[]> EsbuildDarwinArm64Async() => DarwinArm64.Value;

    /// <summary>esbuild 0.25.0 for Windows x64: a PE32+ (Go) with a COFF symbol table.</summary>
    public static Task<byte[]> EsbuildWin32X64Async() => Win32X64.Value;

    public static byte[] Appended(byte[] file, int count)
    {
        var bytes = new byte[file.Length + count];
        file.CopyTo(bytes, 0);
        for (var i = file.Length; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static byte[] Read(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: the ELF tests read this system file");
        return File.ReadAllBytes(path);
    }

    private static string CacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("TELLTALE_CACHE_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "telltale");
        return Path.Combine(root, "native-samples");
    }

    private static async Task<byte[]> DownloadAsync(string package, string version, string integrity, string entryName)
    {
        var directory = CacheDirectory();
        var tarballName = $"{package[1..].Replace('/', '-')}-{version}.tgz";
        var cached = Path.Combine(directory, tarballName);
        byte[]? tarball = File.Exists(cached) ? await File.ReadAllBytesAsync(cached) : null;
        if (tarball is null || !Matches(tarball, integrity))
        {
            var url = $"https://registry.npmjs.org/{package}/-/{package.Split('/')[^1]}-{version}.tgz";
            try
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
                tarball = await client.GetByteArrayAsync(new Uri(url));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"Could not download the sample {url} ({e.Message}). These tests need the npm registry once; the file is then cached in {directory}.", e);
            }

            if (!Matches(tarball, integrity))
            {
                throw new InvalidOperationException($"The sample {url} does not match its pinned integrity {integrity}.");
            }

            Directory.CreateDirectory(directory);
            var temporary = cached + "." + Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(temporary, tarball);
            File.Move(temporary, cached, overwrite: true);
        }

        using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.Name == entryName && entry.DataStream is not null)
            {
                using var content = new MemoryStream();
                await entry.DataStream.CopyToAsync(content);
                return content.ToArray();
            }
        }

        throw new InvalidOperationException($"{tarballName} has no {entryName}.");
    }

    private static bool Matches(byte[] tarball, string integrity) =>
        "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)) == integrity;
}

using System.Security.Cryptography;

namespace Telltale.Tracking.Store;

/// <summary>A rule pack file a scan was made with (<c>--rules</c>), named as a reader can check it: file name and sha256 of its bytes.</summary>
public sealed record RulePackFile(string Name, string Sha256)
{
    /// <exception cref="IOException">when the file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">when the file may not be read.</exception>
    public static RulePackFile Read(string path) =>
        new(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
}

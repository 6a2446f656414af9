using System.Security.Cryptography;
using System.Text;
using Telltale.Classification;

namespace Telltale.Tests.Classification;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Builds the digests a scanned program would compare.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Builds the digests a scanned program would compare.")]
public sealed class HashedValuesTests
{
    private static string Hex(HashAlgorithmName algorithm, string text) => Convert.ToHexStringLower(algorithm.Name switch
    {
        "MD5" => MD5.HashData(Encoding.UTF8.GetBytes(text)),
        "SHA1" => SHA1.HashData(Encoding.UTF8.GetBytes(text)),
        _ => SHA256.HashData(Encoding.UTF8.GetBytes(text)),
    });

    [Fact]
    public void Recovers_lab_domains_time_zones_and_locales_from_their_digests()
    {
        string[] digests = [Hex(HashAlgorithmName.SHA256, "deepseek.com"), Hex(HashAlgorithmName.SHA256, "Asia/Shanghai"), Hex(HashAlgorithmName.SHA256, "zh-CN"), Hex(HashAlgorithmName.SHA256, "not-a-known.example")];

        var recovered = HashedValues.Recover("sha256", digests)!;

        Assert.Equal(3, recovered.Count);
        Assert.Equal("deepseek.com", recovered[digests[0]]);
        Assert.Equal("Asia/Shanghai", recovered[digests[1]]);
        Assert.Equal("zh-CN", recovered[digests[2]]);
    }

    [Fact]
    public void Matches_upper_case_hex_and_base64_digests_and_each_algorithm()
    {
        var base64 = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes("api.moonshot.cn")));

        Assert.Equal("moonshot.cn", HashedValues.Recover("md5", [Hex(HashAlgorithmName.MD5, "moonshot.cn").ToUpperInvariant()])!.Values.Single());
        Assert.Equal("api.moonshot.cn", HashedValues.Recover("sha1", [base64])!.Values.Single());
        Assert.Null(HashedValues.Recover("whirlpool", [base64]));
    }

    [Theory]
    [InlineData("d41d8cd98f00b204e9800998ecf8427e", true)]
    [InlineData("2jmj7l5rSw0yVb/vlWAYkK/YBwk=", true)]
    [InlineData("deepseek.com", false)]
    [InlineData("12345", false)]
    public void Knows_a_digest_by_its_shape(string text, bool expected)
    {
        Assert.Equal(expected, HashedValues.LooksLikeDigest(text));
    }
}

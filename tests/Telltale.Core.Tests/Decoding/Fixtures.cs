using System.IO.Compression;
using System.Text;

namespace Telltale.Tests.Decoding;

/// <summary>Builds encoded fixtures in the tests themselves, so every key and layer can vary.</summary>
internal static class Fixtures
{
    public const string DomainList = "cn,sankuai.example,netease.example,baidu-int.example,alibaba-inc.example,kuaishou.example,bytedance.example,jd.example,bilibili.example";
    public const string LabList = "deepseek,moonshot,minimax,zhipu,bigmodel,baichuan,stepfun,01ai,dashscope,volces";
    public const string Sentence = "Today the configuration file could not be found in the working directory.";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Xor(byte[] data, params byte[] key)
    {
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ key[i % key.Length]);
        }

        return output;
    }

    public static string Base64(byte[] data) => Convert.ToBase64String(data);

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hex(byte[] data) => Convert.ToHexStringLower(data);

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    public static string Latin1(byte[] data) => Encoding.Latin1.GetString(data);
}

using System.IO.Compression;
using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Harvesting;

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

    public static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static string Latin1(byte[] data) => Encoding.Latin1.GetString(data);

    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "be", "at", "by", "this",
        "have", "from", "or", "one", "had", "but", "not", "what", "all", "were", "when", "we", "there", "can", "an",
        "your", "which", "their", "said", "if", "do", "will", "each", "about", "how", "up", "out", "them", "then",
        "she", "many", "some", "so", "these", "would", "other", "into", "has", "more", "her", "two", "like", "him",
        "see", "time", "could", "no", "make", "than", "first", "been", "its", "who", "now", "people", "my", "made",
        "over", "did", "down", "only", "way", "find", "use", "may", "water", "long", "little", "very", "after",
        "words", "called", "just", "where", "most", "know", "request", "error", "config", "value", "server", "file",
    ];

    /// <summary>An entry as the scanner hands it to a harvester.</summary>
    public static ArtifactEntry Entry(string path, EntryKind kind, byte[] content) =>
        new() { Path = path, Name = path, Content = content, Kind = kind };

    public static ArtifactEntry JsEntry(string source, string path = "package/index.js") => Entry(path, EntryKind.JavaScript, Utf8(source));

    /// <summary>English-ish text of exactly <paramref name="length"/> characters: random common words, spaces, a comma now and then.</summary>
    public static string EnglishText(Random random, int length)
    {
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            if (builder.Length > 0)
            {
                builder.Append(random.Next(12) == 0 ? ", " : " ");
            }

            builder.Append(Words[random.Next(Words.Length)]);
        }

        return builder.ToString(0, length);
    }

    /// <summary><paramref name="count"/> English-ish strings of <paramref name="minLength"/>..<paramref name="maxLength"/> characters.</summary>
    public static string[] EnglishStrings(Random random, int count, int minLength, int maxLength) =>
        Enumerable.Range(0, count).Select(_ => EnglishText(random, random.Next(minLength, maxLength + 1))).ToArray();

    /// <summary>A key of printable ASCII letters and digits, or of any byte but zero.</summary>
    public static byte[] RandomKey(Random random, int length, bool printable)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%&*+-";
        var key = new byte[length];
        for (var i = 0; i < length; i++)
        {
            key[i] = printable ? (byte)alphabet[random.Next(alphabet.Length)] : (byte)random.Next(1, 256);
        }

        return key;
    }

    /// <summary>A JavaScript string literal passed to <paramref name="callee"/>, as the harvester reports it.</summary>
    public static HarvestedLiteral Call(string callee, string value, string path = "package/index.js", int line = 1) =>
        new(value, LiteralKind.JsString, new SourceLocation(path, line, 1, 0, value.Length + 2), callee);
}

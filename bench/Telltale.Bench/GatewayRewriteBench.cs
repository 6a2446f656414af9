using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Telltale.Gateway;

namespace Telltale.Bench;

/// <summary>
/// <see cref="LlmRequestRewriter.Rewrite(string, ReadOnlyMemory{byte}, NormaliseOptions?, GatewayLimits?)"/> alone,
/// without Kestrel or YARP, on the request bodies that issue 15 measured behind the gateway: mean time and bytes
/// allocated per call. The bodies are generated here so a run needs no files.
/// </summary>
[MemoryDiagnoser]
public class GatewayRewriteBench
{
    private const string Path = "/v1/messages";

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private byte[] body = [];

    [ParamsSource(nameof(BodyKinds))]
    public string Kind { get; set; } = "";

    public static IEnumerable<string> BodyKinds => ["unchanged-20k", "apostrophes-20k", "cjk-20k", "spaceless-2mib"];

    public static int Run(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var job = (options.Get("--job") ?? "short") switch
        {
            "medium" => Job.MediumRun,
            "short" => Job.ShortRun,
            var other => throw new ArgumentException($"--job is short or medium, not \"{other}\"."),
        };

        // In-process: the bench project references the gateway's ASP.NET Core host, and a generated copy of it per
        // run would cost minutes of build on a 2-core machine for no difference in what is measured.
        var config = DefaultConfig.Instance.AddJob(job.WithToolchain(InProcessEmitToolchain.Instance));
        var summary = BenchmarkRunner.Run<GatewayRewriteBench>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    [GlobalSetup]
    public void Setup()
    {
        body = Kind switch
        {
            "unchanged-20k" => Anthropic(Prose(20 * 1024, "'"), JsonSerializerOptions.Default),
            "apostrophes-20k" => Anthropic(Prose(20 * 1024, "\u2019"), JsonSerializerOptions.Default),
            "cjk-20k" => Anthropic(ChineseProse(20 * 1024), Unescaped),
            "spaceless-2mib" => Anthropic(Spaceless(2 * 1024 * 1024), Unescaped),
            _ => throw new InvalidOperationException($"unknown body kind {Kind}"),
        };

        // A body that is refused would measure the refusal, not the rewrite.
        if (LlmRequestRewriter.Rewrite(Path, body).Outcome == RewriteOutcome.Refused)
        {
            throw new InvalidOperationException($"the {Kind} body is refused");
        }
    }

    [Benchmark]
    public RequestRewrite Rewrite() => LlmRequestRewriter.Rewrite(Path, body);

    /// <summary>The prose of <see cref="GatewayLatencyBench"/>: one apostrophe per sentence.</summary>
    private static string Prose(int utf8Bytes, string apostrophe)
    {
        var prose = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(prose.ToString()) < utf8Bytes - 200)
        {
            prose.Append("Today").Append(apostrophe).Append("s date is 2026-12-07 and the build passed on the second try. ");
        }

        return prose.ToString();
    }

    /// <summary>Chinese prose with its own full-width punctuation and no spaces: one piece for the whole text, nothing to change.</summary>
    private static string ChineseProse(int utf8Bytes)
    {
        const string Sentence = "今天的日期是二〇二六年十二月七日，构建在第二次尝试时通过了。请检查日志并总结失败的原因；然后提出修复方案。";
        var prose = new StringBuilder();
        while (prose.Length * 3 < utf8Bytes - 200)
        {
            prose.Append(Sentence);
        }

        return prose.ToString();
    }

    /// <summary>
    /// One long token with no whitespace (a minified blob pasted into a prompt): ASCII with a Latin letter with a
    /// diacritic now and then, and a look-alike apostrophe every few hundred characters, so it is both examined and changed.
    /// </summary>
    private static string Spaceless(int chars)
    {
        var text = new StringBuilder(chars);
        for (var i = 0; text.Length < chars; i++)
        {
            text.Append("key_").Append(i % 1000).Append("=valu\u00e9-").Append(i % 7 == 0 ? "it\u2019s" : "its").Append(';');
        }

        return text.ToString();
    }

    /// <summary>
    /// The prose bodies are written as <see cref="GatewayLatencyBench"/> writes them (System.Text.Json's default,
    /// which escapes <c>'</c> and every non-ASCII character as <c>\uXXXX</c>, as Python's <c>json.dumps</c> does); the
    /// CJK and spaceless ones as raw UTF-8 (as JavaScript's <c>JSON.stringify</c> does), so they are the size they say.
    /// </summary>
    private static byte[] Anthropic(string text, JsonSerializerOptions encoding) =>
        Encoding.UTF8.GetBytes($$"""{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text, encoding)}}}]}""");
}

using Telltale.Classification;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Rules;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

/// <summary>
/// Keyed (xor) decodings of literals, judged by the character model: ordinary text that a fitted key turns into
/// letters is not reported as hidden (TT1003), and text that really was hidden under a key still is.
/// </summary>
public sealed class KeyedDecodingTests
{
    private static readonly LayeredDecoder Decoder = LayeredDecoder.CreateDefault(ScanLimits.Default);
    private static readonly RuleEngine Rules = new(RulePackLoader.LoadDefault());

    /// <summary>The findings the scanner would raise on one literal.</summary>
    private static List<Finding> Findings(string literal)
    {
        if (Decoder.Decode(literal).Text is not { } decoded)
        {
            return [];
        }

        return [.. Rules.Evaluate(new Observation
        {
            Source = ObservationSource.Decoded,
            Location = new SourceLocation("package/index.js", 1, 1, 0, literal.Length),
            Text = literal,
            Decoded = decoded,
            Class = ValueClassifier.Classify(decoded.Value),
        })];
    }

    public sealed class OrdinaryLiterals
    {
        /// <summary>Each of these was reported as TT1003 on a real, honest package before the model judged keyed layers.</summary>
        [Theory]
        [InlineData("expected magic word %02x %02x %02x %02x, found %02x %02x %02x %02x")]
        [InlineData("resync to time %u:%02u:%02u.%09u, rtptime %u:%02u:%02u.%09u")]
        [InlineData("got time step %u:%02u:%02u.%09u-%u:%02u:%02u.%09u/%u:%02u:%02u.%09u")]
        [InlineData("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x")]
        [InlineData("0,1,8,16,9,2,3,10,17,24,32,25,18,11,4,5,12,19,26,33,40,48,41,34,27,20,13,6,7,14,21,28")]
        [InlineData("21,24,79,80,81,82,84,86,90,92,96,97,110,112,114,116")]
        [InlineData("\u001b[<u\u001b[>4;0m\u001b[?2004l\u001b[?1000l\u001b[?1002l\u001b[?1003l\u001b[?1006l")]
        [InlineData("\u001b[?1006l\u001b[?1003l\u001b[?1002l\u001b[?1001l\u001b[?1000l\u001b[?9l\u001b[?1005l\u001b[?1015l")]
        [InlineData("\u0000__copilot_runner_exec_error__\u0000")]
        [InlineData("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0")]
        [InlineData("dDAeFw0xNjAzMTEwMDAwMDBaFw00MDEyMzEwMDAwMDBaMD0xCzAJBgNVBAYT")]
        [InlineData("\\\\x21\\\\x23-\\\\x5B\\\\x5D-\\\\x7E")]
        public void Are_not_reported_as_hidden(string literal)
        {
            var findings = Findings(literal);

            Assert.DoesNotContain(findings, f => f.RuleId is "TT1001" or "TT1003");
        }

        [Fact]
        public void English_and_code_never_decode_under_a_key()
        {
            var random = new Random(2024);
            string[] code =
            [
                "function f(a, b) { return a.map((x) => x + b).filter(Boolean); }",
                "if (!response.ok) throw new Error(`Request failed with status ${response.status}`);",
                "const { data, error } = await client.from('sessions').select('*').eq('id', sessionId);",
                "SELECT id, name, created_at FROM users WHERE deleted_at IS NULL ORDER BY created_at DESC",
                "display:flex;align-items:center;justify-content:space-between;padding:0 8px",
            ];
            var literals = EnglishStrings(random, 200, 20, 160).Concat(code).Append(Sentence);

            var keyed = literals.Where(l => Decoder.Decode(l).Text is { IsObfuscated: true }).ToList();

            Assert.Empty(keyed);
        }
    }

    public sealed class HiddenLiterals
    {
        [Theory]
        [InlineData("k3y!")]
        [InlineData("OtD6Yb876vjw")]
        [InlineData("\u0091\u00A2\u0013")]
        public void A_domain_list_under_a_repeating_key_is_still_a_hidden_list(string key)
        {
            var text = DomainList + "," + LabList;
            var literal = Base64(Xor(Utf8(text), [.. key.Select(c => (byte)c)]));

            var result = Decoder.Decode(literal).Text;
            var findings = Findings(literal);

            Assert.NotNull(result);
            Assert.Equal(text, result.Value);
            Assert.True(result.IsObfuscated);
            Assert.Contains(findings, f => f.RuleId == "TT1001" && f.Severity >= Severity.High);
        }

        [Fact]
        public void A_single_endpoint_under_a_repeating_key_is_TT1003()
        {
            const string url = "https://api.deepseek.com/v1/chat/completions?stream=true&region=cn-north";
            var literal = Base64(Xor(Utf8(url), Utf8("Zq9!")));

            var finding = Assert.Single(Findings(literal), f => f.RuleId == "TT1003");

            Assert.Equal(url, finding.Evidence.Decoded);
            Assert.Equal(["base64", "xor key \"Zq9!\""], finding.Evidence.Chain);
        }

        [Fact]
        public void Text_shorter_than_the_minimum_is_left_to_the_raw_sweep()
        {
            // Sixteen bytes under a fitted key are too few to tell language from luck. The base64 layer's bytes are
            // still swept for indicators, and this one holds "deepseek" (XorHiddenTextTests).
            const string shortText = "api.deepseek.com";
            Assert.True(shortText.Length < LayeredDecoder.MinKeyedTextLength);

            var outcome = Decoder.Decode(Base64(Xor(Utf8(shortText), 0x5B)));

            Assert.False(outcome.Text?.IsObfuscated ?? false);
            Assert.Contains(new XorSweep(["deepseek"]).Scan(Xor(Utf8(shortText), 0x5B)), h => h.Key == 0x5B);
        }
    }
}

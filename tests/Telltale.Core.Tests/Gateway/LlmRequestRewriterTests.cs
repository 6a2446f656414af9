using System.Text;
using System.Text.Json;
using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

public sealed class LlmRequestRewriterTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Gateway", "Corpus");

    private static readonly NormaliseOptions KeepQuotes = new() { KeepTypographicQuotes = true };

    public static TheoryData<string, ApiShape> LegitimateCorpus() => Corpus("legit");

    public static TheoryData<string, ApiShape> QuotedCorpus() => Corpus("quoted");

    private static TheoryData<string, ApiShape> Corpus(string folder)
    {
        var data = new TheoryData<string, ApiShape>();
        foreach (var file in Directory.GetFiles(Path.Combine(CorpusDirectory, folder), "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var shape in RequestBodies.Shapes)
            {
                data.Add(Path.Combine(folder, Path.GetFileName(file)), shape);
            }
        }

        return data;
    }

    private static string Read(string corpusFile) => File.ReadAllText(Path.Combine(CorpusDirectory, corpusFile), Encoding.UTF8);

    public sealed class LegitimateText
    {
        [Theory]
        [MemberData(nameof(LegitimateCorpus), MemberType = typeof(LlmRequestRewriterTests))]
        public void Leaves_the_body_byte_identical(string corpusFile, ApiShape shape)
        {
            var body = RequestBodies.Body(shape, Read(corpusFile));

            var result = LlmRequestRewriter.Rewrite(RequestBodies.PathOf(shape), body);

            Assert.Equal(RewriteOutcome.Unchanged, result.Outcome);
            Assert.Empty(result.Changes);
            Assert.Equal(body, result.Body.ToArray());
        }

        [Theory]
        [MemberData(nameof(QuotedCorpus), MemberType = typeof(LlmRequestRewriterTests))]
        public void Prose_with_typographic_quotes_is_byte_identical_when_the_route_keeps_them(string corpusFile, ApiShape shape)
        {
            var body = RequestBodies.Body(shape, Read(corpusFile));

            var kept = LlmRequestRewriter.Rewrite(RequestBodies.PathOf(shape), body, KeepQuotes);
            var mapped = LlmRequestRewriter.Rewrite(RequestBodies.PathOf(shape), body);

            Assert.Equal(RewriteOutcome.Unchanged, kept.Outcome);
            Assert.Equal(body, kept.Body.ToArray());

            // Without the option the same quotes are look-alikes, so the corpus really exercises the option.
            Assert.Equal(RewriteOutcome.Rewritten, mapped.Outcome);
        }

        [Fact]
        public void The_corpus_is_there_and_covers_the_scripts_it_claims()
        {
            var corpus = Directory.GetFiles(Path.Combine(CorpusDirectory, "legit"), "*.txt").Select(File.ReadAllText).ToArray();

            Assert.True(corpus.Length >= 10, $"only {corpus.Length} legitimate corpus files were found");
            Assert.Contains(corpus, text => text.Contains('\u200C', StringComparison.Ordinal)); // ZWNJ (Persian)
            Assert.Contains(corpus, text => text.Contains("\u094D\u200D", StringComparison.Ordinal)); // virama + ZWJ (Hindi)
            Assert.Contains(corpus, text => text.Contains("\U0001F3F4\U000E0067", StringComparison.Ordinal)); // subdivision flag
            Assert.Contains(corpus, text => text.Contains("\U0001F3FD", StringComparison.Ordinal)); // skin tone
        }
    }

    public sealed class CovertMarks
    {
        public static TheoryData<string, string, string[], ApiShape> Cases()
        {
            var data = new TheoryData<string, string, string[], ApiShape>();
            foreach (var shape in RequestBodies.Shapes)
            {
                data.Add("Today\u2019s date is 2026-04-03.", "Today's date is 2026-04-03.", ["5: U+2019 -> U+0027 (LookAlike)"], shape);
                data.Add("Today\u02BCs date is 2026-04-03.", "Today's date is 2026-04-03.", ["5: U+02BC -> U+0027 (LookAlike)"], shape);
                data.Add("Today\u02B9s date is 2026/04/03.", "Today's date is 2026/04/03.", ["5: U+02B9 -> U+0027 (LookAlike)"], shape);
                data.Add("pass\u200Bword", "password", ["4: U+200B -> (removed) (InvisibleCharacter)"], shape);
                data.Add(
                    "hello\U000E0068\U000E0069",
                    "hello",
                    ["5: U+E0068 -> (removed) (TagCharacter)", "7: U+E0069 -> (removed) (TagCharacter)"],
                    shape);
                data.Add(
                    "run \u202Egnp.exe\u202C now",
                    "run gnp.exe now",
                    ["4: U+202E -> (removed) (BidiControl)", "12: U+202C -> (removed) (BidiControl)"],
                    shape);
                data.Add("log in to p\u0430ypal", "log in to paypal", ["11: U+0430 -> U+0061 (LookAlike)"], shape);
                data.Add("auto\u00ADmatic \"quoted\"\n", "automatic \"quoted\"\n", ["4: U+00AD -> (removed) (InvisibleCharacter)"], shape);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Are_taken_out_of_every_client_field_and_nothing_else_changes(string text, string expected, string[] changes, ApiShape shape)
        {
            var body = RequestBodies.Body(shape, text);

            var result = LlmRequestRewriter.Rewrite(RequestBodies.PathOf(shape), body);

            Assert.Equal(RewriteOutcome.Rewritten, result.Outcome);
            Assert.Equal(shape, result.Shape);

            // The expected body is the same template with the clean text: every byte outside the rewritten strings,
            // the thinking block, tool-call arguments and image data included, is as it was.
            Assert.Equal(Encoding.UTF8.GetString(RequestBodies.Body(shape, expected)), Encoding.UTF8.GetString(result.Body.Span));
            var expectedChanges = RequestBodies.FieldPaths(shape).SelectMany(path => changes.Select(change => $"{path} {change}"));
            Assert.Equal(expectedChanges, result.Changes.Select(c => $"{c.JsonPath} {c.Change}"));
            Assert.All(result.Changes, c => Assert.Equal((byte)'"', body[c.TokenOffset]));

            var again = LlmRequestRewriter.Rewrite(RequestBodies.PathOf(shape), result.Body);
            Assert.Equal(RewriteOutcome.Unchanged, again.Outcome);
        }

        [Fact]
        public void A_responses_input_given_as_one_string_is_rewritten()
        {
            var body = Encoding.UTF8.GetBytes("{\"model\":\"gpt-5\",\"input\":\"Today\u2019s date\"}");

            var result = LlmRequestRewriter.Rewrite("/openai/v1/responses?stream=true", body);

            Assert.Equal("{\"model\":\"gpt-5\",\"input\":\"Today's date\"}", Encoding.UTF8.GetString(result.Body.Span));
            Assert.Equal("$.input", Assert.Single(result.Changes).JsonPath);
        }

        [Fact]
        public void An_anthropic_system_prompt_given_as_a_string_and_a_tool_result_string_are_rewritten()
        {
            var body = Encoding.UTF8.GetBytes(
                "{\"system\":\"Today\u2019s\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"a\u200Bb\"}]}]}");

            var result = LlmRequestRewriter.Rewrite("/anthropic/v1/messages", body);

            Assert.Equal(["$.system", "$.messages[0].content[0].content"], result.Changes.Select(c => c.JsonPath));
            Assert.Equal(
                "{\"system\":\"Today's\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"ab\"}]}]}",
                Encoding.UTF8.GetString(result.Body.Span));
        }

        [Fact]
        public void A_string_written_with_escapes_is_replaced_whole_and_still_parses()
        {
            var body = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"Today\\u2019s \\\"date\\\" \\ud83d\\ude00\"}]}");

            var result = LlmRequestRewriter.Rewrite("/v1/chat/completions", body);

            using var document = JsonDocument.Parse(result.Body);
            Assert.Equal("Today's \"date\" \U0001F600", document.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        }
    }

    public sealed class Paths
    {
        [Theory]
        [InlineData("/v1/messages", ApiShape.AnthropicMessages)]
        [InlineData("/anthropic/v1/messages", ApiShape.AnthropicMessages)]
        [InlineData("/v1/messages?beta=true", ApiShape.AnthropicMessages)]
        [InlineData("/v1/chat/completions", ApiShape.OpenAiChatCompletions)]
        [InlineData("/openai/v1/chat/completions/", ApiShape.OpenAiChatCompletions)]
        [InlineData("/v1/responses", ApiShape.OpenAiResponses)]
        [InlineData("/v1/models", ApiShape.Unknown)]
        [InlineData("/v1/messages/count_tokens", ApiShape.Unknown)]
        [InlineData("/v1/embeddings", ApiShape.Unknown)]
        public void Name_the_api_shape(string path, ApiShape shape)
        {
            Assert.Equal(shape, LlmRequestRewriter.ShapeOf(path));
        }

        [Fact]
        public void An_unknown_path_is_passed_through_untouched_even_when_it_is_not_json()
        {
            var body = new byte[] { 0xFF, 0x00, (byte)'{' };

            var result = LlmRequestRewriter.Rewrite("/v1/files", body);

            Assert.Equal(RewriteOutcome.Unchanged, result.Outcome);
            Assert.Equal(body, result.Body.ToArray());
        }

        [Fact]
        public void A_known_path_whose_root_is_not_an_object_is_unchanged()
        {
            var body = Encoding.UTF8.GetBytes("[\"Today\u2019s\"]");

            Assert.Equal(RewriteOutcome.Unchanged, LlmRequestRewriter.Rewrite("/v1/messages", body).Outcome);
        }
    }

    public sealed class HostileBodies
    {
        public static TheoryData<string, byte[], RefusalKind, int> Cases()
        {
            var data = new TheoryData<string, byte[], RefusalKind, int>
            {
                { "truncated", Encoding.UTF8.GetBytes("{\"messages\": [{\"role\":\"user\",\"content\":\"hi"), RefusalKind.MalformedJson, 400 },
                { "trailing garbage", Encoding.UTF8.GetBytes("{\"messages\":[]} {}"), RefusalKind.MalformedJson, 400 },
                { "comment", Encoding.UTF8.GetBytes("{/* x */\"messages\":[]}"), RefusalKind.MalformedJson, 400 },
                { "empty", [], RefusalKind.MalformedJson, 400 },
                { "100,000 nested arrays", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000)), RefusalKind.TooDeep, 400 },
                {
                    "nesting inside messages",
                    Encoding.UTF8.GetBytes("{\"messages\":" + new string('[', 70) + new string(']', 70) + "}"),
                    RefusalKind.TooDeep,
                    400
                },
                { "invalid UTF-8", [.. "{\"messages\":[{\"role\":\"user\",\"content\":\""u8, 0xC3, 0x28, .. "\"}]}"u8], RefusalKind.InvalidUtf8, 400 },
                { "overlong UTF-8", [.. "{\"model\":\""u8, 0xC0, 0xAF, .. "\"}"u8], RefusalKind.InvalidUtf8, 400 },
                {
                    "duplicate content",
                    Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"plain\",\"content\":\"a\u200Bb\"}]}"),
                    RefusalKind.DuplicateProperty,
                    400
                },
                {
                    // Found by the llm-request fuzz target: the reader's own message quoted these bytes back.
                    "controls and invisibles before the error",
                    Encoding.UTF8.GetBytes("{\"model\":\"a\u00AD\u202E\", \r\n\u0000 x"),
                    RefusalKind.MalformedJson,
                    400
                },
                { "lone surrogate", Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}"), RefusalKind.InvalidText, 400 },
            };
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Are_refused_with_a_reason_and_no_body(string name, byte[] body, RefusalKind kind, int status)
        {
            var result = LlmRequestRewriter.Rewrite("/v1/messages", body);

            Assert.True(result.Outcome == RewriteOutcome.Refused, name);
            Assert.Equal(kind, result.Refusal!.Kind);
            Assert.Equal(status, result.Refusal.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Reason));

            // A reason goes into logs and answers: it never quotes the body, whose bytes may be controls or invisibles.
            Assert.True(Ascii.IsValid(result.Refusal.Reason) && !result.Refusal.Reason.Any(char.IsControl), result.Refusal.Reason);
            Assert.True(result.Body.IsEmpty);
        }

        [Fact]
        public void Nesting_is_allowed_to_exactly_the_limit_and_refused_one_past_it()
        {
            // The root object is one level, so 63 arrays inside it make 64.
            static byte[] Nested(int arrays) => Encoding.UTF8.GetBytes("{\"messages\":" + new string('[', arrays) + new string(']', arrays) + "}");

            Assert.Equal(RewriteOutcome.Unchanged, LlmRequestRewriter.Rewrite("/v1/messages", Nested(63)).Outcome);
            Assert.Equal(RefusalKind.TooDeep, LlmRequestRewriter.Rewrite("/v1/messages", Nested(64)).Refusal?.Kind);
        }

        [Fact]
        public void A_50_megabyte_body_is_refused_as_too_large()
        {
            var body = new byte[50 * 1024 * 1024];

            var result = LlmRequestRewriter.Rewrite("/v1/chat/completions", body, limits: new GatewayLimits { MaxBodyBytes = 32L * 1024 * 1024 });

            Assert.Equal(RefusalKind.TooLarge, result.Refusal?.Kind);
            Assert.Equal(413, result.Refusal!.StatusCode);
        }

        [Fact]
        public void A_huge_string_under_the_limit_is_rewritten_exactly()
        {
            var filler = new string('x', 8 * 1024 * 1024);
            var body = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"" + filler + "\u200B\"}]}");

            var result = LlmRequestRewriter.Rewrite("/v1/chat/completions", body);

            Assert.Equal(body.Length - 3, result.Body.Length);
            Assert.Equal(filler.Length, Assert.Single(result.Changes).Change.Offset);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;

namespace Telltale.Tests.Probing.Capture;

/// <summary>What the endpoint answers, by route: the shapes real clients parse to finish a turn.</summary>
public sealed class CaptureEndpointAnswerTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpResponseMessage Response, string Text)> PostAsync(CaptureHarness harness, string host, string path, string body)
    {
        var response = await harness.Client().PostAsync(harness.Url(host, path), Json(body));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Parse(string json) => ServerSentEventReader.Json(json);

    public sealed class TheMessagesRoute
    {
        [Fact]
        public async Task Streams_the_Anthropic_event_sequence_carrying_the_reply()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.anthropic.com", "/v1/messages?beta=true", """{"model":"claude-sonnet-4-5","stream":true,"max_tokens":32,"messages":[{"role":"user","content":"say hi"}]}""");

            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.Contains("request-id"));
            }

            var events = ServerSentEventReader.Parse(text);
            Assert.Equal(
                ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
                events.Select(e => e.Event));
            Assert.All(events, e => Assert.Equal(e.Event, Parse(e.Data).GetProperty("type").GetString()));

            var message = Parse(events[0].Data).GetProperty("message");
            Assert.StartsWith("msg_telltale_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal("message", message.GetProperty("type").GetString());
            Assert.Equal("assistant", message.GetProperty("role").GetString());
            Assert.Equal("claude-sonnet-4-5", message.GetProperty("model").GetString());
            Assert.Equal(0, message.GetProperty("content").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_reason").ValueKind);
            Assert.True(message.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);

            var blockStart = Parse(events[1].Data).GetProperty("content_block");
            Assert.Equal("text", blockStart.GetProperty("type").GetString());
            Assert.Equal(string.Empty, blockStart.GetProperty("text").GetString());

            var delta = Parse(events[2].Data).GetProperty("delta");
            Assert.Equal("text_delta", delta.GetProperty("type").GetString());
            Assert.Equal("hi", delta.GetProperty("text").GetString());

            var messageDelta = Parse(events[4].Data);
            Assert.Equal("end_turn", messageDelta.GetProperty("delta").GetProperty("stop_reason").GetString());
            Assert.True(messageDelta.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
        }

        [Fact]
        public async Task Streams_a_longer_reply_as_several_deltas_that_join_up()
        {
            await using var harness = await CaptureHarness.StartAsync(replyText: "hello from the probe");

            var (response, text) = await PostAsync(harness, "api.deepseek.com", "/anthropic/v1/messages", """{"model":"deepseek-chat","stream":true,"messages":[]}""");
            response.Dispose();

            var deltas = ServerSentEventReader.Parse(text)
                .Where(e => e.Event == "content_block_delta")
                .Select(e => Parse(e.Data).GetProperty("delta").GetProperty("text").GetString())
                .ToList();
            Assert.Equal(["hello ", "from ", "the ", "probe"], deltas);
        }

        [Fact]
        public async Task Answers_one_JSON_message_when_not_streaming()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.deepseek.com", "/v1/messages", """{"model":"deepseek-chat","max_tokens":16,"messages":[{"role":"user","content":"say hi"}]}""");

            using (response)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            }

            var message = Parse(text);
            Assert.Equal("message", message.GetProperty("type").GetString());
            Assert.Equal("assistant", message.GetProperty("role").GetString());
            Assert.Equal("deepseek-chat", message.GetProperty("model").GetString());
            Assert.Equal("end_turn", message.GetProperty("stop_reason").GetString());
            var block = Assert.Single(message.GetProperty("content").EnumerateArray());
            Assert.Equal("text", block.GetProperty("type").GetString());
            Assert.Equal("hi", block.GetProperty("text").GetString());
        }

        [Fact]
        public async Task Answers_text_even_when_the_request_forces_a_tool()
        {
            await using var harness = await CaptureHarness.StartAsync();
            const string body = """{"model":"m","max_tokens":16,"tools":[{"name":"t","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"t"},"messages":[]}""";

            var (response, text) = await PostAsync(harness, "api.anthropic.com", "/v1/messages", body);
            response.Dispose();

            var block = Assert.Single(Parse(text).GetProperty("content").EnumerateArray());
            Assert.Equal("text", block.GetProperty("type").GetString());
        }

        [Fact]
        public async Task Answers_a_body_that_is_not_JSON_with_a_default_model()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.anthropic.com", "/v1/messages", "not json");
            response.Dispose();

            Assert.Equal("claude-telltale", Parse(text).GetProperty("model").GetString());
        }
    }

    public sealed class TheCountTokensRoute
    {
        [Fact]
        public async Task Answers_an_input_token_count()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.anthropic.com", "/v1/messages/count_tokens?beta=true", """{"model":"m","messages":[{"role":"user","content":"say hi"}]}""");
            response.Dispose();

            var answer = Parse(text);
            Assert.Equal(["input_tokens"], answer.EnumerateObject().Select(p => p.Name));
            Assert.True(answer.GetProperty("input_tokens").GetInt32() > 0);
        }
    }

    public sealed class TheChatCompletionsRoute
    {
        [Fact]
        public async Task Streams_chunks_ending_with_DONE()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.deepseek.com", "/chat/completions", """{"model":"deepseek-chat","stream":true,"messages":[{"role":"user","content":"say hi"}]}""");
            response.Dispose();

            var events = ServerSentEventReader.Parse(text);
            Assert.All(events, e => Assert.Null(e.Event));
            Assert.Equal("[DONE]", events[^1].Data);
            var chunks = events.SkipLast(1).Select(e => Parse(e.Data)).ToList();
            Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
            Assert.All(chunks, c => Assert.Equal("deepseek-chat", c.GetProperty("model").GetString()));
            Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
            var choices = chunks.Select(c => Assert.Single(c.GetProperty("choices").EnumerateArray())).ToList();
            Assert.Equal("assistant", choices[0].GetProperty("delta").GetProperty("role").GetString());
            var content = string.Concat(choices.Select(c => c.GetProperty("delta").TryGetProperty("content", out var part) ? part.GetString() : null));
            Assert.Equal("hi", content);
            Assert.Equal("stop", choices[^1].GetProperty("finish_reason").GetString());
            Assert.All(choices.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("finish_reason").ValueKind));
        }

        [Fact]
        public async Task Sends_a_usage_chunk_before_DONE_only_when_asked()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (plain, plainText) = await PostAsync(harness, "llm.example.com", "/v1/chat/completions", """{"model":"m","stream":true,"messages":[]}""");
            var (asked, askedText) = await PostAsync(harness, "llm.example.com", "/v1/chat/completions", """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[]}""");
            plain.Dispose();
            asked.Dispose();

            Assert.DoesNotContain("\"usage\"", plainText, StringComparison.Ordinal);
            var events = ServerSentEventReader.Parse(askedText);
            Assert.Equal("[DONE]", events[^1].Data);
            var usageChunk = Parse(events[^2].Data);
            Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
            Assert.True(usageChunk.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        }

        [Fact]
        public async Task Answers_one_completion_when_not_streaming()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.openai.com", "/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"say hi"}]}""");
            response.Dispose();

            var completion = Parse(text);
            Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
            Assert.Equal("gpt-4o", completion.GetProperty("model").GetString());
            var choice = Assert.Single(completion.GetProperty("choices").EnumerateArray());
            Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
            Assert.Equal("hi", choice.GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
            Assert.True(completion.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        }
    }

    public sealed class TheResponsesRoute
    {
        [Fact]
        public async Task Streams_created_deltas_and_completed_with_the_item_events_between()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.openai.com", "/v1/responses", """{"model":"gpt-5","stream":true,"input":"say hi"}""");
            response.Dispose();

            var events = ServerSentEventReader.Parse(text);
            Assert.Equal(
                [
                    "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                    "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done",
                    "response.completed",
                ],
                events.Select(e => e.Event));
            var data = events.Select(e => Parse(e.Data)).ToList();
            Assert.Equal(events.Select(e => e.Event), data.Select(d => d.GetProperty("type").GetString()));
            Assert.Equal(Enumerable.Range(0, events.Count), data.Select(d => d.GetProperty("sequence_number").GetInt32()));
            Assert.Equal("hi", data[4].GetProperty("delta").GetString());
            Assert.Equal("in_progress", data[0].GetProperty("response").GetProperty("status").GetString());
            var completed = data[^1].GetProperty("response");
            Assert.Equal("completed", completed.GetProperty("status").GetString());
            Assert.Equal("gpt-5", completed.GetProperty("model").GetString());
            Assert.Equal(data[0].GetProperty("response").GetProperty("id").GetString(), completed.GetProperty("id").GetString());
            var item = Assert.Single(completed.GetProperty("output").EnumerateArray());
            Assert.Equal("hi", Assert.Single(item.GetProperty("content").EnumerateArray()).GetProperty("text").GetString());
            Assert.Equal(item.GetProperty("id").GetString(), data[4].GetProperty("item_id").GetString());
        }

        [Fact]
        public async Task Answers_one_response_when_not_streaming()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var (response, text) = await PostAsync(harness, "api.openai.com", "/v1/responses", """{"model":"gpt-5","input":"say hi"}""");
            response.Dispose();

            var answer = Parse(text);
            Assert.Equal("response", answer.GetProperty("object").GetString());
            Assert.Equal("completed", answer.GetProperty("status").GetString());
            var item = Assert.Single(answer.GetProperty("output").EnumerateArray());
            Assert.Equal("message", item.GetProperty("type").GetString());
            var part = Assert.Single(item.GetProperty("content").EnumerateArray());
            Assert.Equal("output_text", part.GetProperty("type").GetString());
            Assert.Equal("hi", part.GetProperty("text").GetString());
        }
    }

    public sealed class TheModelsRoute
    {
        [Fact]
        public async Task Lists_models_in_a_shape_both_SDKs_read()
        {
            await using var harness = await CaptureHarness.StartAsync();

            using var response = await harness.Client().GetAsync(harness.Url("api.openai.com", "/v1/models"));
            var models = Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal("list", models.GetProperty("object").GetString());
            Assert.False(models.GetProperty("has_more").GetBoolean());
            var data = models.GetProperty("data").EnumerateArray().ToList();
            Assert.NotEmpty(data);
            Assert.All(data, m => Assert.Equal("model", m.GetProperty("object").GetString()));
            Assert.All(data, m => Assert.Equal("model", m.GetProperty("type").GetString()));
            Assert.Equal(data[0].GetProperty("id").GetString(), models.GetProperty("first_id").GetString());
        }
    }

    public sealed class TheCatchAll
    {
        [Theory]
        [InlineData("GET", "/api/eval/sdk-key")]
        [InlineData("POST", "/api/event_logging/batch")]
        [InlineData("PUT", "/v1/whatever")]
        [InlineData("DELETE", "/")]
        [InlineData("GET", "/v1/messages")]
        public async Task Answers_an_empty_JSON_object(string method, string path)
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var request = new HttpRequestMessage(new HttpMethod(method), harness.Url("statsig.anthropic.com", path));
            if (method is "POST" or "PUT")
            {
                request.Content = Json("""{"events":[]}""");
            }

            using var response = await harness.Client().SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("{}", await response.Content.ReadAsStringAsync());
            var captured = Assert.Single(harness.Endpoint.Requests);
            Assert.Equal(method, captured.Method);
            Assert.Equal(path, captured.Path);
        }

        [Fact]
        public async Task Answers_HEAD_with_no_body()
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var request = new HttpRequestMessage(HttpMethod.Head, harness.Url("registry.npmjs.org", "/"));

            using var response = await harness.Client().SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }
}

using System.Text;
using Telltale.Gateway;
using Xunit;

namespace Telltale.Tests.Gateway;

/// <summary>
/// The edges of the rewrite's fast paths (issue 15): strings that are skipped without being decoded, the validating
/// pass that no longer builds paths, and the byte writer that re-escapes a changed string.
/// </summary>
public sealed class LlmRequestRewriterSpliceTests
{
    [Fact]
    public void A_changed_string_is_escaped_exactly_as_json_requires_and_no_more()
    {
        var body = Encoding.UTF8.GetBytes(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Today\\u2019s \\\"q\\\" back\\\\slash \\b\\f\\u0001\\u001f\\u007f\\t\\r\\n \\/ \\u00e9 \u00E9 \\ud83d\\ude00 \U0001F600\"}]}");

        var result = LlmRequestRewriter.Rewrite("/v1/chat/completions", body);

        Assert.Equal(RewriteOutcome.Rewritten, result.Outcome);
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Today's \\\"q\\\" back\\\\slash \\u0008\\u000C\\u0001\\u001F\u007F\\t\\r\\n / \u00E9 \u00E9 \U0001F600 \U0001F600\"}]}",
            Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public void A_change_at_the_first_and_the_last_character_of_a_string_is_spliced_in_place()
    {
        var body = Encoding.UTF8.GetBytes("{\"system\":\"\u2019x\u2019\",\"messages\":[{\"role\":\"user\",\"content\":\"\u200Bit\u2019s\u200B\"}]}");

        var result = LlmRequestRewriter.Rewrite("/v1/messages", body);

        Assert.Equal("{\"system\":\"'x'\",\"messages\":[{\"role\":\"user\",\"content\":\"it's\"}]}", Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal(
            ["$.system 10 0", "$.system 10 2", "$.messages[0].content 57 0", "$.messages[0].content 57 3", "$.messages[0].content 57 5"],
            result.Changes.Select(c => $"{c.JsonPath} {c.TokenOffset} {c.Change.Offset}"));
    }

    [Fact]
    public void An_ascii_body_whose_escapes_are_ascii_comes_back_as_the_same_bytes()
    {
        var body = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"line\\none \\\"two\\\" \\u0041\"}]}");

        var result = LlmRequestRewriter.Rewrite("/v1/chat/completions", body);

        Assert.Equal(RewriteOutcome.Unchanged, result.Outcome);
        Assert.True(result.Body.Span.SequenceEqual(body));
    }

    [Fact]
    public void An_escaped_look_alike_in_an_otherwise_ascii_body_is_found()
    {
        var body = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"p\\u0430ypal\"}]}");

        var result = LlmRequestRewriter.Rewrite("/v1/chat/completions", body);

        Assert.Equal("{\"messages\":[{\"role\":\"user\",\"content\":\"paypal\"}]}", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Theory]
    [InlineData("{\"\\ud800\":1,\"messages\":[]}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"\\udc00x\":\"a\",\"content\":\"it\u2019s\"}]}")]
    public void A_property_name_escaping_a_lone_surrogate_is_refused(string json)
    {
        var result = LlmRequestRewriter.Rewrite("/v1/messages", Encoding.UTF8.GetBytes(json));

        Assert.Equal(RefusalKind.InvalidText, result.Refusal?.Kind);
    }

    [Fact]
    public void A_property_name_with_valid_escapes_is_read()
    {
        var body = Encoding.UTF8.GetBytes("{\"m\\u0065ssages\":[{\"role\":\"user\",\"content\":\"it\u2019s\"}],\"\\ud83d\\ude00\":1}");

        var result = LlmRequestRewriter.Rewrite("/v1/messages", body);

        Assert.Equal("{\"m\\u0065ssages\":[{\"role\":\"user\",\"content\":\"it's\"}],\"\\ud83d\\ude00\":1}", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Theory]
    [InlineData("{\"\\ud800\":1,\"\\ud800\":2,\"messages\":[]}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"\\udc00\"}],\"\\ud800\":1}")]
    public void A_lone_surrogate_property_name_is_the_reason_even_when_the_body_has_another_fault(string json)
    {
        var result = LlmRequestRewriter.Rewrite("/v1/messages", Encoding.UTF8.GetBytes(json));

        Assert.Equal(RefusalKind.InvalidText, result.Refusal?.Kind);
        Assert.StartsWith("the property name at byte", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_property_with_escaped_names_is_refused_as_a_duplicate()
    {
        var result = LlmRequestRewriter.Rewrite("/v1/messages", Encoding.UTF8.GetBytes("{\"m\\u0065ssages\":[],\"messages\":[]}"));

        Assert.Equal(RefusalKind.DuplicateProperty, result.Refusal?.Kind);
    }

    [Theory]
    [InlineData(0, "{}")]
    [InlineData(1, "{\"messages\":[]}")]
    [InlineData(2, "{\"messages\":[{\"role\":\"user\",\"content\":\"it’s\"}]}")]
    public void A_body_one_level_deeper_than_a_small_limit_is_refused_as_too_deep(int maxDepth, string json)
    {
        var result = LlmRequestRewriter.Rewrite("/v1/messages", Encoding.UTF8.GetBytes(json), limits: new GatewayLimits { MaxDepth = maxDepth });

        Assert.Equal(RefusalKind.TooDeep, result.Refusal?.Kind);
    }
}

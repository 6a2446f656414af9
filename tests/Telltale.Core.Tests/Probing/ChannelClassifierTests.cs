using Telltale.Probing;

namespace Telltale.Tests.Probing;

public class ChannelClassifierTests
{
    private static ProbeDifference Difference(DifferenceKind kind, FieldLocation location, string reference, params (string Old, string New)[] changes) => new(
        new RequestKey("POST", "/v1/messages", 0),
        new FieldPath(location, "messages[0].content[0].text"),
        kind,
        "defaults",
        reference,
        reference,
        [.. changes.Select(c => new CodePointChange(0, 0, c.Old, c.New, "", ""))],
        ["listed"],
        FactorAttribution.Unexplained);

    public class IsChannel
    {
        [Fact]
        public void Look_alike_and_invisible_changes_always_are()
        {
            Assert.True(ChannelClassifier.IsChannel(Difference(DifferenceKind.LookAlike, FieldLocation.Header, "x", ("'", "\u2019"))));
            Assert.True(ChannelClassifier.IsChannel(Difference(DifferenceKind.Invisible, FieldLocation.Body, "tag", ("", "\u200B"))));
        }

        [Fact]
        public void A_separator_changed_inside_prompt_text_is()
        {
            Assert.True(ChannelClassifier.IsChannel(Difference(DifferenceKind.Text, FieldLocation.Body, "Today's date is 2026-11-23.", ("-", "/"), ("-", "/"))));
        }

        [Fact]
        public void A_short_identifier_a_header_a_long_rewrite_or_a_missing_field_is_not()
        {
            Assert.False(ChannelClassifier.IsChannel(Difference(DifferenceKind.Text, FieldLocation.Body, "tengu_feature_ok", ("ok", "bad"))));
            Assert.False(ChannelClassifier.IsChannel(Difference(DifferenceKind.Text, FieldLocation.Header, "a-2025, b-2025, c-2026 and more", ("-", "/"))));
            Assert.False(ChannelClassifier.IsChannel(Difference(DifferenceKind.Text, FieldLocation.Body, "You are an agent that helps with code.", ("helps with code", "writes documents"))));
            Assert.False(ChannelClassifier.IsChannel(Difference(DifferenceKind.Presence, FieldLocation.Element, "{\"name\":\"Tool\"}", ("{\"name\":\"Tool\"}", ""))));
            Assert.False(ChannelClassifier.IsChannel(Difference(DifferenceKind.Derived, FieldLocation.Body, "cch=3fa9c1d2e4b5 and more words", ("3fa9c1d2e4b5", "0b1c2d3e4f5a"))));
        }
    }
}

using System.Text.Json;
using Telltale.Findings;
using Telltale.Tracking.Watching;

namespace Telltale.Tests.Tracking.Watching;

public sealed class WatchEventTests
{
    private static readonly WatchEvent Alert = new(
        WatchEventKind.Introduced, "@scope/tool", "2.0.0", "1.9.0", new DateTimeOffset(2026, 4, 3, 2, 28, 29, 141, TimeSpan.Zero),
        "TT2001|sink.llm-user-message|'\u2019\u200B", "TT2001", "Covert channel", Severity.Critical, "package/cli.js:3:4", new DateTimeOffset(2026, 4, 4, 0, 0, 0, TimeSpan.Zero));

    public sealed class TheToJsonMethod
    {
        [Fact]
        public void Writes_one_line_that_shows_hidden_characters_and_keeps_readable_ones()
        {
            var line = Alert.ToJson();

            Assert.DoesNotContain('\n', line);
            Assert.Contains("'\u2019\\u200B", line, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(line);
            Assert.Equal(Alert.Key, json.RootElement.GetProperty("key").GetString());
            Assert.Equal("2026-04-03T02:28:29.141+00:00", json.RootElement.GetProperty("publishedAt").GetString());
            Assert.Equal("introduced", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal("npm:@scope/tool@2.0.0 (after 1.9.0): new critical TT2001 Covert channel at package/cli.js:3:4", json.RootElement.GetProperty("text").GetString());
        }

        [Fact]
        public void Writes_null_for_what_is_not_known()
        {
            using var json = JsonDocument.Parse((Alert with { PreviousVersion = null, PublishedAt = null }).ToJson());

            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("previousVersion").ValueKind);
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("publishedAt").ValueKind);
        }
    }
}

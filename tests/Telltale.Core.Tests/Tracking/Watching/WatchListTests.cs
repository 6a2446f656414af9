using Telltale.Artifacts;
using Telltale.Tracking.Watching;

namespace Telltale.Tests.Tracking.Watching;

public sealed class WatchListTests
{
    public sealed class TheParseMethod
    {
        [Fact]
        public void Reads_arguments_then_a_list_file_with_comments_and_blank_lines()
        {
            var list = "# agents\nnpm:@openai/codex   # the CLI\n\n  npm:@anthropic-ai/claude-code\r\nnpm:lodash\n";

            var names = WatchList.Parse(["npm:@google/gemini-cli", "npm:lodash"], list, "agents.txt");

            Assert.Equal(["@google/gemini-cli", "lodash", "@openai/codex", "@anthropic-ai/claude-code"], names);
        }

        [Theory]
        [InlineData("npm:lodash@4.18.1")]
        [InlineData("npm:lodash@latest")]
        [InlineData("npm:@scope/tool@next")]
        public void Refuses_a_version_or_tag_since_a_watch_follows_every_version(string entry)
        {
            var error = Assert.Throws<TargetException>(() => WatchList.Parse([], $"npm:ok\n{entry}\n", "list.txt"));

            Assert.StartsWith("list.txt:2: a watch follows every new version", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_an_entry_that_is_not_an_npm_package()
        {
            var error = Assert.Throws<TargetException>(() => WatchList.Parse(["./tool.tgz"]));

            Assert.Equal("./tool.tgz: expected npm:NAME, got './tool.tgz'", error.Message);
        }
    }
}

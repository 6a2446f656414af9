using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmDependencyTests
{
    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("@anthropic-ai/claude-code-linux-x64", "2.1.197", "@anthropic-ai/claude-code-linux-x64", "2.1.197")]
        [InlineData("@img/sharp-linux-x64", "^0.34.2", "@img/sharp-linux-x64", "^0.34.2")]
        [InlineData("fsevents", "~2.3.2 || >=2.4.0-0", "fsevents", "~2.3.2 || >=2.4.0-0")]
        [InlineData("tool", "next", "tool", "next")]
        [InlineData("tool", "", "tool", "*")]
        [InlineData("@openai/codex-linux-x64", "npm:@openai/codex@0.169.0-linux-x64", "@openai/codex", "0.169.0-linux-x64")]
        [InlineData("codex-mac", "npm:@openai/codex@^0.169.0", "@openai/codex", "^0.169.0")]
        [InlineData("plain-alias", "npm:left-pad", "left-pad", "*")]
        public void Reads_the_registry_name_and_selector_behind_an_alias(string key, string value, string name, string selector)
        {
            var dependency = NpmDependency.Parse(key, value);

            Assert.Equal(new NpmDependency(key, name, selector), dependency);
        }

        [Theory]
        [InlineData("tool", "git+https://github.com/owner/tool.git")]
        [InlineData("tool", "github:owner/tool")]
        [InlineData("tool", "owner/tool")]
        [InlineData("tool", "file:../tool")]
        [InlineData("tool", "https://example.test/tool.tgz")]
        [InlineData("tool", "workspace:*")]
        [InlineData("tool", "npm:@bad")]
        [InlineData("../escape", "1.0.0")]
        public void Leaves_out_what_is_not_fetched_from_a_registry_by_name(string key, string value) =>
            Assert.Null(NpmDependency.Parse(key, value));
    }

    public sealed class ThePickVersionMethod
    {
        private static readonly string[] Versions = ["0.33.5", "0.34.1", "0.34.2", "0.34.3", "0.34.4", "0.35.0-rc.1", "0.35.0", "1.0.0"];

        private static string? Pick(string selector, Dictionary<string, string>? tags = null) =>
            new NpmDependency("x", "x", selector).PickVersion(Versions, tags ?? new Dictionary<string, string> { ["latest"] = "1.0.0" });

        [Fact]
        public void Takes_an_exact_version_as_is() => Assert.Equal("0.34.2", Pick("0.34.2"));

        [Fact]
        public void Takes_an_exact_prerelease_version_as_aliases_name_them() =>
            Assert.Equal("0.35.0-rc.1", Pick("0.35.0-rc.1"));

        [Fact]
        public void Gives_nothing_for_an_exact_version_that_is_not_published() => Assert.Null(Pick("0.34.9"));

        [Theory]
        [InlineData("^0.34.2", "0.34.4")]
        [InlineData("~0.34.0", "0.34.4")]
        [InlineData(">=0.34.2 <0.35.0", "0.34.4")]
        [InlineData("0.34.x", "0.34.4")]
        [InlineData("0.33.x || 0.34.1", "0.34.1")]
        [InlineData("^0.35.0-rc.0", "0.35.0")]
        public void Picks_the_highest_version_in_a_range(string range, string expected) => Assert.Equal(expected, Pick(range));

        [Fact]
        public void Leaves_out_prereleases_the_range_does_not_name() => Assert.Null(Pick(">0.34.4 <0.35.0"));

        [Fact]
        public void Prefers_the_latest_tag_when_it_satisfies_the_range()
        {
            var tags = new Dictionary<string, string> { ["latest"] = "0.34.2" };

            Assert.Equal("0.34.2", Pick("^0.34.0", tags));
            Assert.Equal("1.0.0", Pick("*", new Dictionary<string, string> { ["latest"] = "1.0.0" }));
            Assert.Equal("0.34.4", Pick("~0.34.3", tags));
        }

        [Fact]
        public void Reads_a_dist_tag() => Assert.Equal("0.35.0-rc.1", Pick("next", new Dictionary<string, string> { ["next"] = "0.35.0-rc.1" }));

        [Fact]
        public void Gives_nothing_when_no_version_fits()
        {
            Assert.Null(Pick("^2.0.0"));
            Assert.Null(Pick("beta"));
        }
    }
}

namespace Telltale.Tests.Commands;

[Collection("Console")]
public sealed class HistoryCommandTests
{
    [Collection("Console")]
    public sealed class TheArguments
    {
        [Theory]
        [InlineData("npm:tool@1.0.0")]
        [InlineData("npm:@scope/tool@latest")]
        public async Task Refuse_a_version_in_the_package_since_the_range_chooses_them(string target)
        {
            var (exitCode, error) = await CliHarness.RunAsync("history", target, "--range", "^1");

            Assert.Equal(2, exitCode);
            Assert.Contains("without a version; choose the versions with --range", error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuse_behaviour_without_bisect()
        {
            var (exitCode, error) = await CliHarness.RunAsync("history", "npm:tool", "--behaviour", "TT2001");

            Assert.Equal(2, exitCode);
            Assert.Equal("telltale: --behaviour goes with --bisect; a timeline shows every behaviour\n", error.ReplaceLineEndings("\n"));
        }

        [Theory]
        [InlineData("--format", "sarif", "unknown format 'sarif'")]
        [InlineData("--min-severity", "severe", "unknown severity 'severe'")]
        [InlineData("--jobs", "0", "--jobs must be at least 1")]
        public async Task Refuse_bad_option_values(string option, string value, string message)
        {
            var (exitCode, error) = await CliHarness.RunAsync("history", "npm:tool", option, value);

            Assert.Equal(2, exitCode);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }
    }
}

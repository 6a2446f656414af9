using Telltale.Cli.Commands;

namespace Telltale.Tests.Commands;

[Collection("Console")]
public sealed class WatchCommandTests
{
    [Collection("Console")]
    public sealed class TheArguments
    {
        [Fact]
        public async Task Need_something_to_watch()
        {
            var (exitCode, error) = await CliHarness.RunAsync("watch", "--once");

            Assert.Equal(2, exitCode);
            Assert.Contains("nothing to watch", error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--interval", "10s", "at least 1m")]
        [InlineData("--interval", "soon", "at least 1m")]
        [InlineData("--webhook", "ftp://hooks.example/x", "--webhook takes an http or https URL")]
        [InlineData("--min-severity", "urgent", "unknown severity 'urgent'")]
        public async Task Refuse_bad_option_values(string option, string value, string message)
        {
            var (exitCode, error) = await CliHarness.RunAsync("watch", "npm:tool", "--once", option, value);

            Assert.Equal(2, exitCode);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuse_a_version_in_a_list_file_naming_its_line()
        {
            var list = Path.Combine(Path.GetTempPath(), $"telltale-watch-{Guid.NewGuid():N}.txt");
            await File.WriteAllTextAsync(list, "# agents\nnpm:tool@2.0.0\n");
            try
            {
                var (exitCode, error) = await CliHarness.RunAsync("watch", "--once", "--list", list);

                Assert.Equal(2, exitCode);
                Assert.Contains($"{list}:2: a watch follows every new version", error, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(list);
            }
        }
    }

    public sealed class TheParseIntervalMethod
    {
        [Theory]
        [InlineData("90s", 90)]
        [InlineData("15m", 900)]
        [InlineData("1.5h", 5400)]
        [InlineData("1d", 86400)]
        [InlineData("00:30:00", 1800)]
        public void Reads_a_number_with_a_unit_or_a_time_span(string text, int seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), WatchCommand.ParseInterval(text));
        }

        [Theory]
        [InlineData("")]
        [InlineData("m")]
        [InlineData("-5m")]
        [InlineData("fortnightly")]
        public void Gives_null_for_anything_else(string text)
        {
            Assert.Null(WatchCommand.ParseInterval(text));
        }
    }
}

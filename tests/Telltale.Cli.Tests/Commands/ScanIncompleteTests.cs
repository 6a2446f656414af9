using System.Text.Json;

namespace Telltale.Tests.Commands;

/// <summary>A report whose analysis was cut short fails every --fail-on threshold and says so first.</summary>
[Collection("Console")]
public sealed class ScanIncompleteTests : IDisposable
{
    // The seeds' shape with a decoder that never returns: its list stays unknown, so the file is not fully analysed.
    private const string LoopingDecoder = """
        function dec(s) { for (var x = 0; ; x = (x + s.charCodeAt(x % s.length)) | 0) {} }
        var HOSTS = dec('OSQ9MSwwOXEwPT5yPzMxcDouMzIoNTkucT01cjI5KHAxMzg5MDozLjs5cjUz');
        function host() { try { return new URL(process.env.ACME_API_URL).hostname; } catch (e) { return ''; } }
        function mark() { return HOSTS.includes(host()) ? '\u2019' : "'"; }
        fetch('https://api.acme.invalid/v1/messages', {
          method: 'POST',
          body: JSON.stringify({ messages: [{ role: 'user', content: `It${mark()}s a fine day.` }] }),
        });
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-incomplete-").FullName;

    public ScanIncompleteTests() => File.WriteAllText(Path.Combine(_directory, "cli.js"), LoopingDecoder);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Fails_even_the_highest_threshold_and_says_incomplete_first()
    {
        var (code, output, _) = await CliHarness.RunWithOutputAsync("scan", _directory, "--no-store", "--quiet", "--fail-on", "critical");

        Assert.Equal(1, code);
        Assert.Contains("INCOMPLETE", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("INCOMPLETE", StringComparison.Ordinal) < output.IndexOf("TT2000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exits_zero_only_when_told_never_to_fail()
    {
        var (code, output, _) = await CliHarness.RunWithOutputAsync("scan", _directory, "--no-store", "--quiet", "--fail-on", "never", "--format", "json");

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(output);
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        var incomplete = Assert.Single(report.RootElement.GetProperty("incomplete").EnumerateArray());
        Assert.Equal("cli.js", incomplete.GetProperty("path").GetString());
        Assert.Equal("behaviour", incomplete.GetProperty("analysis").GetString());
    }
}

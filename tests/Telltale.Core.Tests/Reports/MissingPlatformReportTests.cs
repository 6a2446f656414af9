using System.Text.Json;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;

namespace Telltale.Tests.Reports;

/// <summary>
/// A package whose program ships in platform packages, none of them for the platform: every format says so before
/// anything else, since the findings below describe a wrapper, not the tool.
/// </summary>
public sealed class MissingPlatformReportTests
{
    private const string Gap = "no platform package for linux-arm64: the program that runs on it was not scanned";

    // A decoder that never returns: the file's behaviour analysis is cut short, so the report has a note of its own
    // to come before the platform's if the order were the files'.
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

    private static readonly Lazy<ScanReport> Scanned = new(() =>
    {
        using var temp = new TempDirectory();
        var tarball = temp.Write("agent-1.0.0.tgz", Fixtures.TarGz(
            ("package/package.json", Fixtures.Utf8("""{"name":"@acme/agent","version":"1.0.0"}""")),
            ("package/cli.js", Fixtures.Utf8(LoopingDecoder))));
        var resolved = new ResolvedTarget("@acme/agent", "1.0.0", tarball, ArtifactHasher.HashFile(tarball), TargetResolver.NpmSource) { Platform = "linux-arm64" };
        return new Scanner(new ScanOptions(), new TargetResolver(platform: null)).ScanResolved(resolved);
    });

    [Fact]
    public void The_scanner_lists_it_before_every_other_note()
    {
        var report = Scanned.Value;

        Assert.Equal(
            [("@acme/agent", IncompleteAnalysis.PlatformAnalysis), ("package/cli.js", Scanner.BehaviourAnalysisName)],
            report.Incomplete.Select(i => (i.Path, i.Analysis)));
        Assert.Equal(Gap, report.Incomplete[0].Reason);
        Assert.Equal([report.Incomplete[0]], report.PlatformGaps);
    }

    [Fact]
    public void The_json_report_has_it_first_in_incomplete()
    {
        using var document = JsonDocument.Parse(GoldenTests.Render(new JsonReportWriter(), Scanned.Value));

        var first = document.RootElement.GetProperty("incomplete")[0];
        Assert.Equal(("@acme/agent", "platform", Gap), (first.GetProperty("path").GetString(), first.GetProperty("analysis").GetString(), first.GetProperty("reason").GetString()));
        Assert.False(document.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal("linux-arm64", document.RootElement.GetProperty("target").GetProperty("platform").GetString());
    }

    [Fact]
    public void The_markdown_report_says_it_right_under_the_title()
    {
        var lines = GoldenTests.Render(new MarkdownReportWriter(), Scanned.Value).Split('\n');

        Assert.Equal("# Telltale report: @acme/agent@1.0.0", lines[0]);
        Assert.Equal("", lines[1]);
        Assert.Equal($"> **No platform package:** `@acme/agent`: {Gap}", lines[2]);
        Assert.Equal("", lines[3]);
    }

    [Fact]
    public void The_sarif_report_gives_it_as_the_first_notification_whatever_the_order_of_the_notes()
    {
        var report = Scanned.Value with { Incomplete = [.. Scanned.Value.Incomplete.Reverse()] };

        using var document = JsonDocument.Parse(GoldenTests.Render(new SarifReportWriter(), report));

        var notifications = document.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications");
        Assert.Equal(2, notifications.GetArrayLength());
        Assert.Equal($"Analysis incomplete (platform): {Gap}", notifications[0].GetProperty("message").GetProperty("text").GetString());
        Assert.StartsWith("Analysis incomplete (behaviour)", notifications[1].GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_stored_before_the_note_was_recorded_still_says_it_first()
    {
        var older = ReportFixtures.Empty() with { Target = new ScanTarget("@acme/agent", "1.0.0", "00", "npm") { Platform = "linux-arm64" } };

        var lines = GoldenTests.Render(new MarkdownReportWriter(), older).Split('\n');

        Assert.Equal($"> **No platform package:** `@acme/agent`: {Gap}", lines[2]);
        Assert.Equal("@acme/agent", Assert.Single(older.PlatformGaps).Path);
    }

    [Fact]
    public void Nothing_is_said_for_a_package_without_platform_packages()
    {
        var markdown = GoldenTests.Render(new MarkdownReportWriter(), ReportFixtures.Sample());

        Assert.DoesNotContain("No platform package", markdown, StringComparison.Ordinal);
        Assert.Empty(ReportFixtures.Sample().PlatformGaps);
    }
}

using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Findings;

namespace Telltale.Tests.Rendering;

public sealed class TerminalReportPayloadTests
{
    private const string Claude = "@anthropic-ai/claude-code-linux-x64@2.1.330!/package/claude";

    private static string Render(bool listEmbedded, params EmbeddedPayloadListing[] payloads)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 240;
        TerminalReport.Render(console, new ScanReport
        {
            ToolVersion = "0.1.0-test",
            Target = new ScanTarget("@anthropic-ai/claude-code", "2.1.330", "00", "npm"),
            ScannedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Statistics = new ScanStatistics(),
            Findings = [],
            Payloads = payloads,
        }, showInfo: false, listEmbedded);
        return output.ToString();
    }

    /// <summary>The make-up of claude-code 2.1.330's Bun payload: 3,515 sources, 3,513 of them compiled, 130 assets.</summary>
    private static EmbeddedPayloadListing ClaudeLike() => new(Claude, "bun", 1_000, 200_000_000,
    [
        new EmbeddedFileListing("$bunfs/root/cli", "source", 12_345_678, "latin1", IsEntryPoint: true, Note: null),
        .. Enumerable.Range(1, 3_514).Select(i => new EmbeddedFileListing($"$bunfs/root/chunk-{i}.js", "source", 1_000, "latin1", false, null)),
        .. Enumerable.Range(1, 3_513).Select(i => new EmbeddedFileListing($"$bunfs/root/chunk-{i}.js.jsc", "bytecode", 2_000, "utf-8", false, null)),
        .. Enumerable.Range(1, 130).Select(i => new EmbeddedFileListing($"$bunfs/root/asset-{i}.zst", "asset", 10, "utf-8", false, null)),
    ]);

    private static EmbeddedPayloadListing Small() => new("package/bin/tool", "pkg", 0, 100,
    [
        new EmbeddedFileListing("/snapshot/app/index.js", "source", 1_234, "utf-8", IsEntryPoint: true, Note: null),
        new EmbeddedFileListing("/snapshot/app/lib[x].js", "bytecode", 56, "utf-8", IsEntryPoint: false, Note: "V8 bytecode only: pkg stored no source for this file"),
    ]);

    [Fact]
    public void Names_each_payload_in_one_line_under_the_header()
    {
        var text = Render(listEmbedded: false, ClaudeLike());

        Assert.Contains(
            $"embedded bun application in {Claude}: 7,158 files (3,515 source, 3,513 bytecode, 130 assets), entry $bunfs/root/cli\n",
            text,
            StringComparison.Ordinal);
        Assert.DoesNotContain("chunk-1.js", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_every_file_with_its_kind_size_and_note_when_asked()
    {
        var lines = Render(listEmbedded: true, Small()).Split('\n');

        var header = Array.FindIndex(lines, l => l.StartsWith("embedded pkg application in package/bin/tool: 2 files (1 source, 1 bytecode), entry /snapshot/app/index.js", StringComparison.Ordinal));
        Assert.True(header >= 0, string.Join('\n', lines));

        // Markup characters in a name are text, sizes align to the right.
        Assert.Equal("    source    1,234  /snapshot/app/index.js (entry point)", lines[header + 1]);
        Assert.Equal("    bytecode     56  /snapshot/app/lib[x].js · V8 bytecode only: pkg stored no source for this file", lines[header + 2]);
    }

    [Fact]
    public void Lists_all_files_of_a_large_payload()
    {
        var text = Render(listEmbedded: true, ClaudeLike());

        Assert.Equal(7_158, text.Split('\n').Count(l => l.StartsWith("    ", StringComparison.Ordinal) && l.Contains("$bunfs/root/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Shows_invisible_characters_in_names_escaped()
    {
        var payload = new EmbeddedPayloadListing("bin/x", "bun", 0, 1, [new EmbeddedFileListing("$bunfs/root/a\u202Eb.js", "source", 1, "utf-8", true, null)]);

        var text = Render(listEmbedded: true, payload);

        Assert.Contains("entry $bunfs/root/a\\u{202E}b.js", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', text);
    }

    [Fact]
    public void Says_nothing_of_embedded_applications_when_there_are_none()
    {
        Assert.DoesNotContain("embedded", Render(listEmbedded: true), StringComparison.Ordinal);
    }
}

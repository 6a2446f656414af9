using Telltale.Cli.Rendering;
using Telltale.Tests.Safety;

namespace Telltale.Tests.Rendering;

/// <summary>The writer the watcher's alert and log lines go through.</summary>
public sealed class TerminalTextWriterTests
{
    [Fact]
    public async Task Keeps_line_ends_and_shows_everything_else_a_terminal_acts_on_escaped()
    {
        using var inner = new StringWriter { NewLine = "\n" };
        using var writer = new TerminalTextWriter(inner);

        await writer.WriteLineAsync("new: evil\u001b[2J@1.0.0\u202E".AsMemory(), CancellationToken.None);
        writer.WriteLine("tab\there\rover\u009b");
        writer.Write("a\nb\u007F");
        writer.WriteLine();

        var text = inner.ToString();
        TerminalSafety.AssertNothingRaw(text, "watch lines");
        Assert.Equal("new: evil\\u{001B}[2J@1.0.0\\u{202E}\ntab\\u{0009}here\\rover\\u{009B}\na\nb\\u{007F}\n", text);
    }

    [Fact]
    public void Joins_a_surrogate_pair_split_between_writes_and_shows_a_lone_half_escaped()
    {
        using var inner = new StringWriter { NewLine = "\n" };
        using var writer = new TerminalTextWriter(inner);

        writer.Write("x\uD83D");
        writer.Write("\uDE80y");
        writer.Write('\uD83D');
        writer.WriteLine();

        Assert.Equal("x\U0001F680y\\u{D83D}\n", inner.ToString());
    }
}

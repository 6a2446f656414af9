using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Tests.Safety;

namespace Telltale.Tests.Rendering;

public sealed class TerminalTextTests
{
    /// <summary>Every kind of character a package could use against a terminal, and how each must be shown.</summary>
    public static TheoryData<string, string> Hostile => new()
    {
        { "\u001b[2J", "\\u{001B}[2J" },
        { "\u001b]0;title\u0007", "\\u{001B}]0;title\\u{0007}" },
        { "\u009b31m", "\\u{009B}31m" },
        { "a\u202Eb", "a\\u{202E}b" },
        { "a\u2066b\u2069", "a\\u{2066}b\\u{2069}" },
        { "\u200E\u200F\u061C", "\\u{200E}\\u{200F}\\u{061C}" },
        { "over\rwrite", "over\\rwrite" },
        { "back\bspace", "back\\u{0008}space" },
        { "del\u007F", "del\\u{007F}" },
        { "tab\there", "tab\\u{0009}here" },
        { "two\nlines", "two\\nlines" },
        { "zero\u200Bwidth", "zero\\u{200B}width" },
    };

    private static string Render(string markup)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        console.MarkupLine(markup);
        return output.ToString();
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Line_shows_each_control_and_invisible_character_as_an_escape(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Line(text));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Markup_renders_as_the_escape_and_nothing_raw(string text, string shown)
    {
        var rendered = Render($"[grey]{TerminalText.Markup(text)}[/]");

        Assert.Equal(shown + "\n", rendered);
        TerminalSafety.AssertNothingRaw(rendered, text);
    }

    [Theory]
    [InlineData("[red]pkg[/]")]
    [InlineData("scope:name:1.0")]
    [InlineData("https://registry.example:8443/pkg")]
    public void Markup_renders_styles_and_colons_as_the_text_they_are(string text)
    {
        Assert.Equal(text + "\n", Render($"[bold]{TerminalText.Markup(text)}[/]"));
    }

    [Theory]
    [InlineData("x:rocket:y", "x\\u{003A}rocket\\u{003A}y")]
    [InlineData("a:warning:b", "a\\u{003A}warning\\u{003A}b")]
    [InlineData(":1st_place_medal:", "\\u{003A}1st_place_medal\\u{003A}")]
    public void Markup_shows_the_colons_of_an_emoji_code_escaped_rather_than_let_it_become_an_emoji(string text, string shown)
    {
        Assert.Equal(shown + "\n", Render($"[bold]{TerminalText.Markup(text)}[/]"));
    }
}

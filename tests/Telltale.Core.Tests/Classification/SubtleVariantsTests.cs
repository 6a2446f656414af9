using Telltale.Classification;

namespace Telltale.Tests.Classification;

public sealed class SubtleVariantsTests
{
    [Theory]
    [InlineData(" ", "  ", SubtleDifference.Whitespace)]
    [InlineData("Done.", "Done. ", SubtleDifference.Whitespace)]
    [InlineData("", " ", SubtleDifference.Whitespace)]
    [InlineData("-", "\u2013", SubtleDifference.Dash)]
    [InlineData("\u2013", "\u2014", SubtleDifference.Dash)]
    [InlineData("/", "-", SubtleDifference.Punctuation)]
    [InlineData("2026-12-06", "2026/12/06", SubtleDifference.Punctuation)]
    [InlineData("Today's", "Today\"s", SubtleDifference.Punctuation)]
    [InlineData("Answer", "answer", SubtleDifference.LetterCase)]
    [InlineData("You are a coding agent. Be brief.", "Be brief. You are a coding agent.", SubtleDifference.SentenceOrder)]
    [InlineData("Use tools when needed.\nNever guess paths!", "Never guess paths!\nUse tools when needed.", SubtleDifference.SentenceOrder)]
    public void Names_what_a_reader_would_skim_over(string a, string b, SubtleDifference expected)
    {
        Assert.Equal(expected, SubtleVariants.Classify([a, b]));
    }

    [Theory]
    [InlineData("yes", "no")]
    [InlineData("\r\n", "\n")]
    [InlineData("\\", "/")]
    [InlineData(";", ":")]
    [InlineData("a", "a")]
    [InlineData("rg.exe", "rg")]
    [InlineData("This sentence is long enough to be read.", "This sentence is long enough to be read. ")]
    [InlineData("You are a coding agent. Be brief.", "You are a coding agent. Be thorough.")]
    [InlineData("One sentence only.", "Only sentence one.")]
    [InlineData("Version 1.2 is out. Update now.", "Update now. Version 1.3 is out.")]
    public void Leaves_visible_differences_and_platform_conventions_alone(string a, string b)
    {
        Assert.Null(SubtleVariants.Classify([a, b]));
    }
}

using Telltale.Probing.Capture;

namespace Telltale.Tests.Probing.Capture;

public sealed class ReplyTextTests
{
    public sealed class TheDeltasMethod
    {
        [Theory]
        [InlineData("hi", new[] { "hi" })]
        [InlineData("", new[] { "" })]
        [InlineData("hello  big world", new[] { "hello  ", "big ", "world" })]
        [InlineData(" lead", new[] { " ", "lead" })]
        [InlineData("line\nnext ", new[] { "line\n", "next " })]
        public void Cuts_after_each_run_of_whitespace(string text, string[] expected) =>
            Assert.Equal(expected, ReplyText.Deltas(text));
    }
}

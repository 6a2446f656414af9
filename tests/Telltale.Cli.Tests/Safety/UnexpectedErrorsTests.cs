using Telltale.Cli;

namespace Telltale.Tests.Safety;

[Collection("Console")]
public sealed class UnexpectedErrorsTests
{
    [Fact]
    public async Task Prints_an_unexpected_exception_escaped_and_exits_70()
    {
        var originalError = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        int code;
        try
        {
            code = await UnexpectedErrors.RunAsync(() => throw new InvalidOperationException("cannot read package/x\u001b[2J\u202E.js\nsecond line"));
        }
        finally
        {
            Console.SetError(originalError);
        }

        var text = error.ToString();
        Assert.Equal(ExitCodes.InternalError, code);
        TerminalSafety.AssertNothingRaw(text, "internal error");
        Assert.StartsWith("telltale: internal error, please report it: System.InvalidOperationException: cannot read package/x\\u{001B}[2J\\u{202E}.js\\nsecond line\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("UnexpectedErrorsTests", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_the_exit_code_of_a_command_that_ends_normally()
    {
        Assert.Equal(ExitCodes.FindingsAtThreshold, await UnexpectedErrors.RunAsync(() => Task.FromResult(ExitCodes.FindingsAtThreshold)));
    }
}

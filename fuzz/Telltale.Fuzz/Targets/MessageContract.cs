using System.Globalization;
using System.Text;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// Checks on the text a reader shows for hostile input (an exception's message, a problem line): front ends
/// print it on one terminal line, so it must not break the line or carry escape sequences. The violation's
/// first 80 characters are fixed wording, so every input that breaks a check shares one crash signature.
/// </summary>
internal static class MessageContract
{
    /// <summary>No CR or LF: what "one line" means to the readers' documentation and to a terminal.</summary>
    public static void RequireOneLine(string what, string message)
    {
        var at = message.AsSpan().IndexOfAny(LineBreaks);
        ContractViolationException.Require(at < 0, $"{what} is not one line: it holds a line break, and front ends print it as one line: {Shown(message)}");
    }

    /// <summary>One line, and no C0 control (tab included), DEL or C1 control: what a terminal would act on.</summary>
    public static void RequirePrintable(string what, string message)
    {
        RequireOneLine(what, message);
        var at = message.AsSpan().IndexOfAnyInRange('\u0000', '\u001F');
        if (at < 0)
        {
            at = message.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        }

        ContractViolationException.Require(at < 0, $"{what} holds a control character, which a terminal would act on rather than show: {Shown(message)}");
    }

    public static void RequireStart(string what, string message, string prefix) =>
        ContractViolationException.Require(message.StartsWith(prefix, StringComparison.Ordinal), $"{what} does not start with '{prefix}', the file it is about: {Shown(message)}");

    private const string LineBreaks = "\r\n";

    /// <summary>The message with its controls made visible, so the crash file shows where the character was.</summary>
    private static string Shown(string message)
    {
        var text = new StringBuilder();
        foreach (var c in message.Length > 400 ? message[..400] : message)
        {
            text.Append(c < 0x20 || c is >= '\u007F' and <= '\u009F'
                ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")
                : c.ToString());
        }

        return text.ToString();
    }
}

using System.Globalization;
using Xunit.Sdk;

namespace Telltale.Tests.Safety;

/// <summary>The <c>cat -A</c> check: text a terminal receives holds nothing it would act on or that reorders what is read.</summary>
internal static class TerminalSafety
{
    /// <summary>Fails on any C0 control but a line feed, DEL, any C1 control, and every bidi embedding, override, isolate or mark.</summary>
    public static void AssertNothingRaw(string text, string what)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var raw = (c < 0x20 && c != '\n')
                || c is >= '\u007F' and <= '\u009F'
                || c is >= '\u202A' and <= '\u202E'
                || c is >= '\u2066' and <= '\u2069'
                || c is '\u200E' or '\u200F' or '\u061C';
            if (raw)
            {
                var start = Math.Max(0, i - 40);
                var context = text[start..Math.Min(text.Length, i + 40)];
                throw new XunitException($"{what}: raw U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)} at {i}, in: {Telltale.Reports.ReportText.Visible(context, multiline: false)}");
            }
        }
    }
}

using System.Text;

namespace Telltale.Tests;

/// <summary>The covert apostrophes seen in the wild, and a check that none is left in a body.</summary>
internal static class CovertText
{
    /// <summary>"Today's date is …" with each of U+2019, U+02BC and U+02B9 as the apostrophe.</summary>
    public const string Dated = "Today\u2019s date is 2026-12-07. Today\u02BCs date is 2026-12-07. Today\u02B9s date is 2026-12-07.";

    public static readonly string[] Apostrophes = ["\u2019", "\u02BC", "\u02B9"];

    public static bool HoldsAny(byte[] body)
    {
        // Raw characters only: RequestBodies writes the test text raw, and escapes (\u2019) only in the fields the
        // rewriter leaves alone by design (thinking blocks, tool arguments), which must reach the upstream as sent.
        var text = Encoding.UTF8.GetString(body);
        return Apostrophes.Any(a => text.Contains(a, StringComparison.Ordinal));
    }
}

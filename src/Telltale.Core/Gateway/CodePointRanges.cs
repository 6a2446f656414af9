using System.Globalization;

namespace Telltale.Gateway;

/// <summary>
/// The few Unicode properties the normaliser needs that .NET does not expose (Script, Extended_Pictographic),
/// approximated by block ranges. Each approximation errs towards "legitimate": a character wrongly taken for an
/// emoji or a joining-script letter is left alone, which at worst leaves a mark in place, never damages text.
/// </summary>
internal static class CodePointRanges
{
    public const int ZeroWidthJoiner = 0x200D;
    public const int ZeroWidthNonJoiner = 0x200C;
    public const int TextPresentationSelector = 0xFE0E;
    public const int EmojiPresentationSelector = 0xFE0F;
    public const int CombiningEnclosingKeycap = 0x20E3;
    public const int BlackFlag = 0x1F3F4;
    public const int CancelTag = 0xE007F;

    // Every test is false for -1, the value callers use for "no character here" at either end of the text.
    public static bool IsLetter(int codePoint) => IsCodePoint(codePoint) && CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    public static bool IsMark(int codePoint) => IsCodePoint(codePoint) && CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    public static bool IsDigit(int codePoint) =>
        IsCodePoint(codePoint) && CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.DecimalDigitNumber;

    public static bool IsAsciiLetterOrDigit(int codePoint) => codePoint is >= 0 and < 0x80 && char.IsAsciiLetterOrDigit((char)codePoint);

    /// <summary>
    /// Letters of the Latin script. The spacing modifier letters (U+02B0–U+02FF) are left out on purpose: U+02BC
    /// and U+02B9 are apostrophe look-alikes, not letters of a word.
    /// </summary>
    public static bool IsLatinLetter(int codePoint)
    {
        if (codePoint is >= 0 and < 0x80)
        {
            return char.IsAsciiLetter((char)codePoint);
        }

        return IsLetter(codePoint) && codePoint is
            (>= 0x00C0 and <= 0x024F) or (>= 0x0250 and <= 0x02AF) or 0x00AA or 0x00BA
            or (>= 0x1D00 and <= 0x1DBF) or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F)
            or (>= 0xA720 and <= 0xA7FF) or (>= 0xAB30 and <= 0xAB6F);
    }

    /// <summary>Letters and marks of the scripts in which ZWJ and ZWNJ select shapes: Arabic, Syriac, the Indic scripts, Myanmar, Khmer.</summary>
    public static bool IsJoiningScript(int codePoint) => (IsLetter(codePoint) || IsMark(codePoint)) && codePoint is
        (>= 0x0600 and <= 0x06FF) or (>= 0x0700 and <= 0x074F) or (>= 0x0750 and <= 0x077F)
        or (>= 0x0860 and <= 0x08FF) or (>= 0x0900 and <= 0x0DFF) or (>= 0x1000 and <= 0x109F)
        or (>= 0x1780 and <= 0x17FF) or (>= 0xA8E0 and <= 0xA8FF) or (>= 0xFB50 and <= 0xFDFF)
        or (>= 0xFE70 and <= 0xFEFC) or (>= 0x11000 and <= 0x111FF);

    /// <summary>Han ideographs, after which a variation selector picks a registered glyph variant (an IVS).</summary>
    public static bool IsHanIdeograph(int codePoint) => codePoint is
        (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF);

    /// <summary>Skin tone modifiers U+1F3FB–U+1F3FF, which attach to the emoji before them.</summary>
    public static bool IsEmojiModifier(int codePoint) => codePoint is >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>
    /// Characters that can be drawn as emoji (an approximation of Extended_Pictographic plus the keycap bases):
    /// the pictograph planes, the dingbat and miscellaneous-symbol blocks and the few older symbols with emoji forms.
    /// </summary>
    public static bool IsEmojiCapable(int codePoint) => codePoint is
        (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF) or (>= 0x2300 and <= 0x23FF)
        or (>= 0x2B00 and <= 0x2BFF) or (>= 0x2190 and <= 0x21FF) or (>= 0x25A0 and <= 0x25FF)
        or 0x00A9 or 0x00AE or 0x203C or 0x2049 or 0x2122 or 0x2139 or 0x24C2 or 0x2934 or 0x2935
        or 0x3030 or 0x303D or 0x3297 or 0x3299;

    public static bool IsKeycapBase(int codePoint) => codePoint is (>= '0' and <= '9') or '#' or '*';

    public static bool IsBidiControl(int codePoint) => codePoint is
        0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0x061C;

    public static bool IsTag(int codePoint) => codePoint is >= 0xE0000 and <= 0xE007F;

    /// <summary>The tag letters and digits a subdivision flag spells (gbeng, usca…).</summary>
    public static bool IsFlagTagSpec(int codePoint) => codePoint is (>= 0xE0030 and <= 0xE0039) or (>= 0xE0061 and <= 0xE007A);

    public static bool IsVariationSelector(int codePoint) => codePoint is
        (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    public static bool IsMongolian(int codePoint) => codePoint is >= 0x1800 and <= 0x18AF;

    public static bool IsHangulJamo(int codePoint) => codePoint is
        (>= 0x1100 and <= 0x11FF) or (>= 0xA960 and <= 0xA97F) or (>= 0xD7B0 and <= 0xD7FF);

    public static bool IsBraille(int codePoint) => codePoint is >= 0x2800 and <= 0x28FF;

    public static bool IsSpace(int codePoint) => IsCodePoint(codePoint) && CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Control;

    private static bool IsCodePoint(int codePoint) => codePoint is >= 0 and <= 0x10FFFF;
}

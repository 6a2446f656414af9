namespace Telltale.Decoding;

/// <summary>Which xor keys and case variants <see cref="XorSweep"/> reports.</summary>
public sealed record XorSweepOptions
{
    /// <summary>
    /// Report key 0, i.e. the indicator standing in plain text. Off by default: plain text is the
    /// ordinary string search's job, and the sweep is about what is hidden.
    /// </summary>
    public bool IncludePlain { get; init; }

    /// <summary>
    /// Drop key 0x20 on an indicator made only of ASCII letters: that key only flips the case
    /// ("deepseek" → "DEEPSEEK"), which is not hiding. On by default. Indicators with any non-letter
    /// ("Asia/Shanghai", "api.ipify.org") are always reported under 0x20, because the key turns their
    /// punctuation into control bytes. Has no effect with <see cref="IgnoreCase"/>, where such a hit is
    /// the plain text in another case and <see cref="IncludePlain"/> decides.
    /// </summary>
    public bool IgnoreCaseFlip { get; init; } = true;

    /// <summary>
    /// Match the letters of an indicator in either case after decoding ("ASIA/SHANGHAI" and
    /// "asia/shanghai" xor'd with any key match "Asia/Shanghai"), like yara's <c>xor nocase</c>.
    /// Off by default: indicators are usually matched as written, the case-blind filter lets more
    /// candidates through (bit 0x20 of the transformed bytes is ignored), and a hit of an all-letter
    /// indicator then has two valid keys, k and k ^ 0x20; the reported one decodes the indicator's first
    /// character exactly as written. A hit whose valid keys include 0 is plain text in some case and is
    /// reported, with key 0, only under <see cref="IncludePlain"/>. Indicators equal but for case are
    /// merged (the first one given is kept).
    /// </summary>
    public bool IgnoreCase { get; init; }

    public static XorSweepOptions Default { get; } = new();
}

namespace Telltale.Decoding;

/// <summary>What <see cref="XorHiddenText.Judge"/> made of one sweep hit.</summary>
public enum XorHitVerdict
{
    /// <summary>The hit stands in a run of text hidden under its key.</summary>
    Hidden,

    /// <summary>The hit lies in debug information or a symbol table, which hold names and numbers, never hidden text.</summary>
    ExcludedRegion,

    /// <summary>The bytes around the hit are a table of binary numbers (a column of equal high bytes at a fixed stride).</summary>
    NumberTable,

    /// <summary>Too few bytes around the hit decode to text under its key: the indicator stands alone among bytes that are not text.</summary>
    NoTextAround,

    /// <summary>The text around the hit does not read as language under its key.</summary>
    NotLanguage,

    /// <summary>The bytes read as well or better as they are than decoded: text or numbers that a key happens to turn into the indicator.</summary>
    ReadsAsItIs,
}

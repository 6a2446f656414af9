namespace Telltale.Gateway;

/// <summary>Why <see cref="PromptTextNormaliser"/> changed a character.</summary>
public enum TextChangeReason
{
    /// <summary>A zero-width or otherwise blank format character (ZWSP, word joiner, BOM, soft hyphen, stray ZWJ/ZWNJ).</summary>
    InvisibleCharacter,

    /// <summary>A bidirectional control (LRM, RLM, embeddings, overrides, isolates, the Arabic letter mark).</summary>
    BidiControl,

    /// <summary>A Unicode tag character outside an emoji subdivision flag: the classic way to smuggle hidden ASCII.</summary>
    TagCharacter,

    /// <summary>A variation selector that selects nothing: not after an emoji-capable base or a Han ideograph.</summary>
    VariationSelector,

    /// <summary>A character whose TR39 skeleton is ASCII, in Latin-script text, mapped to that ASCII character.</summary>
    LookAlike,
}

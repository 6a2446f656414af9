namespace Telltale.Gateway;

/// <summary>
/// What <see cref="PromptTextNormaliser"/> changes. The defaults close the covert channels seen in the wild; a route
/// can relax them (a translation service may want typographic quotes kept, a route that only observes may turn
/// everything off).
/// </summary>
public sealed record NormaliseOptions
{
    /// <summary>The defaults: invisibles removed, look-alikes mapped, typographic quotes mapped too.</summary>
    public static NormaliseOptions Default { get; } = new();

    /// <summary>Remove zero-width characters, bidi controls, tag characters, stray variation selectors and soft hyphens.</summary>
    public bool RemoveInvisibleCharacters { get; init; } = true;

    /// <summary>Map a character whose TR39 skeleton is ASCII to that ASCII character when it stands in Latin-script text.</summary>
    public bool MapLookAlikes { get; init; } = true;

    /// <summary>
    /// Keep typographic quotation marks (U+2018–U+201F, the guillemets U+00AB, U+00BB, U+2039, U+203A): prose typed in a word processor is full of them, and a route that
    /// forwards such prose may prefer them untouched to closing the apostrophe channel (U+02BC and U+02B9 are
    /// still mapped, since no keyboard or autocorrect produces them).
    /// </summary>
    public bool KeepTypographicQuotes { get; init; }
}

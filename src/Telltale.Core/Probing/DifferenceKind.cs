namespace Telltale.Probing;

/// <summary>What a reported difference looks like to a reader of the request.</summary>
public enum DifferenceKind
{
    /// <summary>Visible text that changed ("-" became "/").</summary>
    Text,

    /// <summary>A character swapped for a TR39-confusable one (U+0027 became U+2019).</summary>
    LookAlike,

    /// <summary>An invisible character added, removed or swapped (U+200B inserted).</summary>
    Invisible,

    /// <summary>A request or a field that is there in some variants and not in others.</summary>
    Presence,

    /// <summary>A high-entropy token that only changes along with the rest of the request: a hash, not a channel.</summary>
    Derived,
}

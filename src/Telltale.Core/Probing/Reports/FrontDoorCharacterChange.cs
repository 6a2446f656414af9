namespace Telltale.Probing.Reports;

/// <summary>
/// One kind of character change the front door made (<c>U+2019</c> → <c>U+0027</c>, look-alike) and in which variants, with
/// how many changes each variant's runs had: a change in some variants only is a channel the front door took out.
/// </summary>
public sealed record FrontDoorCharacterChange(string Before, string After, string Reason, IReadOnlyList<(string Variant, int Changes)> Variants);

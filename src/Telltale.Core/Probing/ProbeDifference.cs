namespace Telltale.Probing;

/// <summary>
/// One difference between variants: some changes to one field of one request that appear in exactly
/// <see cref="Variants"/>, compared against <see cref="ReferenceVariant"/> (the baseline, unless the baseline
/// never made the request or lacks the field). <see cref="Changes"/> and <see cref="VariantExcerpt"/> are taken
/// from the first of <see cref="Variants"/>; the others show the same changes, except that for a derived token
/// each variant has its own token value.
/// </summary>
public sealed record ProbeDifference(
    RequestKey Request,
    FieldPath Field,
    DifferenceKind Kind,
    string ReferenceVariant,
    string ReferenceExcerpt,
    string VariantExcerpt,
    IReadOnlyList<CodePointChange> Changes,
    IReadOnlyList<string> Variants,
    FactorAttribution Attribution);

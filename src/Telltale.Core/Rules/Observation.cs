using Telltale.Artifacts;
using Telltale.Classification;
using Telltale.Decoding;
using Telltale.Findings;

namespace Telltale.Rules;

/// <summary>
/// A fact the pipeline hands to the rules: a literal, a decoded value, a scheme, a sweep hit or a
/// refusal, with where it stands and what it looks like.
/// </summary>
public sealed record Observation
{
    public required ObservationSource Source { get; init; }
    public required SourceLocation Location { get; init; }

    /// <summary>The evidence as it stands in the artifact.</summary>
    public required string Text { get; init; }

    public DecodeResult? Decoded { get; init; }
    public ValueClass? Class { get; init; }

    /// <summary>For sweep hits: the indicator found.</summary>
    public string? Term { get; init; }

    public RefusalKind? Refusal { get; init; }
    public ObfuscationScheme? Scheme { get; init; }

    /// <summary>The value that rules match indicators against: the decoded text when there is one.</summary>
    public string Value => Decoded?.Value ?? Term ?? Text;
}

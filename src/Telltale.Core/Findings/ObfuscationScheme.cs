namespace Telltale.Findings;

/// <summary>
/// Many literals hidden the same way (e.g. thousands of <c>_$d("…")</c> calls): reported once, with the
/// recovered key and a sample, instead of one finding per literal.
/// </summary>
public sealed record ObfuscationScheme
{
    /// <summary>The function the literals are passed to, as written in the source (minified names vary).</summary>
    public required string Callee { get; init; }

    /// <summary>Layers of the scheme, outermost first, e.g. <c>["base64", "xor key \"k3y\""]</c>.</summary>
    public required IReadOnlyList<string> Chain { get; init; }

    /// <summary>The recovered key as lower-case hex; empty for keyless schemes.</summary>
    public string KeyHex { get; init; } = "";

    /// <summary>The key as text when it is printable, else empty.</summary>
    public string KeyText { get; init; } = "";

    public required int LiteralCount { get; init; }
    public required int DecodedCount { get; init; }

    /// <summary>Where the first literal of the scheme stands.</summary>
    public required SourceLocation FirstLocation { get; init; }

    /// <summary>A few decoded values, to show what the scheme hides.</summary>
    public IReadOnlyList<string> Samples { get; init; } = [];

    public double DecodedFraction => LiteralCount == 0 ? 0 : (double)DecodedCount / LiteralCount;
}

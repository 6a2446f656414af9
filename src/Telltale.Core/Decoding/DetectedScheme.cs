using Telltale.Findings;
using Telltale.Harvesting;

namespace Telltale.Decoding;

/// <summary>A scheme with its literals, each paired with its decoded text (null where it did not decode cleanly).</summary>
public sealed record DetectedScheme(ObfuscationScheme Summary, IReadOnlyList<(HarvestedLiteral Literal, DecodeResult? Decoded)> Members);

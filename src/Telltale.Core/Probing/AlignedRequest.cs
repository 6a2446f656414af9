namespace Telltale.Probing;

/// <summary>A captured request under the key that matches it to the same request in other runs.</summary>
internal sealed record AlignedRequest(RequestKey Key, CapturedRequest Request);

namespace Telltale.Findings;

/// <summary>
/// What a finding rests on: the text as it stands in the artifact (shortened if long), the decoded value
/// when decoding was involved, and the decode chain that produced it, outermost layer first
/// (e.g. <c>["base64", "xor 0x5B"]</c>).
/// </summary>
public sealed record Evidence(string Text, string? Decoded = null, IReadOnlyList<string>? Chain = null)
{
    public IReadOnlyList<string> Chain { get; init; } = Chain ?? [];
}

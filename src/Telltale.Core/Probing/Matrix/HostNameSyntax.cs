namespace Telltale.Probing.Matrix;

/// <summary>
/// Letters, digits and hyphens (LDH), the only host names the isolated network maps: a host made from scan data is
/// checked here first, so a hostile list can only cost variants, never a probe refused for a bad name.
/// </summary>
internal static class HostNameSyntax
{
    private const int MaxHostLength = 253;
    private const int MaxLabelLength = 63;

    public static bool IsHostName(string name) =>
        name.Length is > 0 and <= MaxHostLength && name.Split('.').All(IsLabel);

    public static bool IsLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && label[0] != '-' && label[^1] != '-';
}

namespace Telltale.Gateway;

/// <summary>
/// One character the normaliser changed: where it was (UTF-16 offset in the original text), the code points before
/// and after as "U+XXXX" (space-separated; <see cref="After"/> is empty for a removal) and why.
/// </summary>
public sealed record TextChange(int Offset, string Before, string After, TextChangeReason Reason)
{
    public override string ToString() =>
        $"{Offset}: {Before} -> {(After.Length == 0 ? "(removed)" : After)} ({Reason})";
}

namespace Telltale.Artifacts.Native;

/// <summary>
/// Range checks on header-claimed offsets and sizes. Header fields are unsigned and up to 64 bits wide,
/// so every check is written to avoid the overflow that <c>offset + length</c> would hit.
/// </summary>
internal static class NativeBounds
{
    /// <summary>True when <c>[offset, offset + length)</c> lies inside a file of <paramref name="size"/> bytes.</summary>
    public static bool Fits(ulong offset, ulong length, long size) =>
        size >= 0 && offset <= (ulong)size && length <= (ulong)size - offset;

    /// <summary><paramref name="offset"/> + <paramref name="length"/>, saturating instead of wrapping.</summary>
    public static ulong End(ulong offset, ulong length) => length > ulong.MaxValue - offset ? ulong.MaxValue : offset + length;

    /// <summary><paramref name="count"/> × <paramref name="size"/>, saturating instead of wrapping.</summary>
    public static ulong Product(ulong count, ulong size) => size != 0 && count > ulong.MaxValue / size ? ulong.MaxValue : count * size;

    /// <summary><paramref name="value"/> rounded up to a power-of-two <paramref name="alignment"/>, saturating.</summary>
    public static ulong AlignUp(ulong value, ulong alignment) =>
        value > ulong.MaxValue - (alignment - 1) ? ulong.MaxValue : (value + alignment - 1) & ~(alignment - 1);
}

namespace Telltale.Fuzz.Mutation;

/// <summary>Integers that sit on the edges parsers get wrong: zero, sign flips, type limits, the input's own length.</summary>
public static class InterestingValues
{
    public static IReadOnlyList<ulong> Fixed { get; } =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, ulong.MaxValue, ulong.MaxValue - 1,
    ];

    /// <summary>A fixed value, or one near <paramref name="inputLength"/> (offsets that point just past the end).</summary>
    public static ulong Pick(Random random, int inputLength) => random.Next(3) switch
    {
        0 => (ulong)(inputLength + random.Next(-8, 9)),
        1 => (ulong)inputLength * (ulong)random.Next(2, 5),
        _ => Fixed[random.Next(Fixed.Count)],
    };

    /// <summary>The same kinds of value written as text, for formats that store numbers in ASCII (tar sizes, pkg's table).</summary>
    public static string PickText(Random random, int inputLength) => random.Next(12) switch
    {
        0 => "-1",
        1 => "77777777777",
        2 => "99999999999999999999",
        3 => "1e308",
        4 => "9007199254740993",
        5 => "-9223372036854775808",
        6 => "0x7fffffff",
        7 => (inputLength + random.Next(-8, 9)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        8 => Convert.ToString(inputLength, 8),
        _ => Pick(random, inputLength).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

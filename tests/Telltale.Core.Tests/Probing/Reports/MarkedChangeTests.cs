using Telltale.Probing;
using Telltale.Probing.Reports;

namespace Telltale.Tests.Probing.Reports;

public sealed class MarkedChangeTests
{
    [Fact]
    public void Names_the_first_code_points_of_a_long_side_and_counts_the_rest()
    {
        var change = new CodePointChange(0, 0, "abcdefghij", "", "", "");

        Assert.Equal(
            "U+0061 LATIN SMALL LETTER A, U+0062 LATIN SMALL LETTER B, U+0063 LATIN SMALL LETTER C, U+0064 LATIN SMALL LETTER D, "
            + "U+0065 LATIN SMALL LETTER E, U+0066 LATIN SMALL LETTER F, U+0067 LATIN SMALL LETTER G, U+0068 LATIN SMALL LETTER H, … (+2 more) → (none)",
            MarkedChange.NameCodePoints(change));
    }
}

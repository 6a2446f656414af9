using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

public sealed class DateFormFinderTests
{
    [Theory]
    [InlineData("Today's date is 2026-04-03.", "YYYY-MM-DD")]
    [InlineData("Today's date is 2026/04/03.", "YYYY/MM/DD")]
    [InlineData("Today\u2019s date is 2026.04.03", "YYYY.MM.DD")]
    [InlineData("on 2026-4-3 at noon", "YYYY-M-D")]
    [InlineData("am 03.04.2026", "XX.XX.YYYY")]
    [InlineData("am 23.04.2026", "DD.MM.YYYY")]
    [InlineData("on 4/23/2026", "M/DD/YYYY")]
    [InlineData("date 2026\u221504\u221503", "YYYY[U+2215]MM[U+2215]DD")]
    [InlineData("date 2026\u201004\u201003", "YYYY[U+2010]MM[U+2010]DD")]
    [InlineData("Today is April 3, 2026.", "Month D, YYYY")]
    [InlineData("Today is Apr 13, 2026.", "Mon DD, YYYY")]
    [InlineData("Heute ist der 3 April 2026", "D Month YYYY")]
    public void Names_the_form_of_a_date_never_the_date(string text, string form) =>
        Assert.Equal([form], DateFormFinder.FormsIn(text));

    [Theory]
    [InlineData("version 1.2.3 and 10.0.0.1")]
    [InlineData("ip 192.168.1.20 port 2026")]
    [InlineData("build 2026.04.03.7")]
    [InlineData("phone 555-12-2026x")]
    [InlineData("2026-13-03 is no month")]
    [InlineData("2026-04-32 is no day")]
    [InlineData("ratio 12/31/20261")]
    [InlineData("id a2026-04-03")]
    [InlineData("mixed 2026-04/03")]
    [InlineData("no date at all, just 2026 and 04")]
    [InlineData("")]
    public void Finds_nothing_in_versions_addresses_and_numbers_that_are_not_dates(string text) =>
        Assert.Empty(DateFormFinder.FormsIn(text));

    [Fact]
    public void Lists_each_form_once_in_order_of_appearance()
    {
        Assert.Equal(["YYYY/MM/DD", "YYYY-MM-DD"], DateFormFinder.FormsIn("from 2026/04/03 to 2026/05/01, logged 2026-04-03 and 2026-05-02"));
    }

    [Fact]
    public void Looks_at_a_bounded_number_of_dates_in_a_hostile_text()
    {
        var many = string.Concat(Enumerable.Repeat("2026-01-01 ", 10_000)) + "2026/01/01";

        Assert.Equal(["YYYY-MM-DD"], DateFormFinder.FormsIn(many));
    }

    [Fact]
    public void Takes_time_linear_in_a_text_of_digits_and_separators()
    {
        // A digit soup cannot make the scan go back over itself: every start position is left behind once examined.
        var soup = string.Concat(Enumerable.Repeat("1-2-", 500_000));

        Assert.Empty(DateFormFinder.FormsIn(soup));
    }
}

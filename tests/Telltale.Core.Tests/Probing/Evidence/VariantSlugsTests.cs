using Telltale.Probing.Evidence;

namespace Telltale.Tests.Probing.EvidenceBundles;

public sealed class VariantSlugsTests
{
    [Fact]
    public void Readable_names_become_readable_numbered_slugs()
    {
        Assert.Equal(["01-baseline", "02-tz-asia-shanghai", "03-base-url-api-deepseek-com-listed-domain"],
            VariantSlugs.Assign(["baseline", "tz Asia/Shanghai", "base url api.deepseek.com (listed domain)"]));
    }

    [Fact]
    public void Hostile_names_become_plain_unique_bounded_file_names()
    {
        string[] names = ["../../etc/passwd", "..", ".", "a/b\\c", "nul\0byte\u001b[31m", "CON", "con", "", "\u202Eevil\u200B", "上海", new string('x', 500), "Baseline", "baseline"];

        var slugs = VariantSlugs.Assign(names);

        Assert.Equal(names.Length, slugs.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(slugs, slug =>
        {
            Assert.InRange(slug.Length, 4, VariantSlugs.MaxLength);
            Assert.Matches("^[0-9]+-[a-z0-9]+(-[a-z0-9]+)*$", slug);
        });
        Assert.Equal("01-etc-passwd", slugs[0]);
        Assert.Equal("02-variant", slugs[1]);
        Assert.Equal("05-nul-byte-31m", slugs[4]);
    }

    [Fact]
    public void Positions_are_padded_to_the_widest()
    {
        var slugs = VariantSlugs.Assign([.. Enumerable.Range(0, 120).Select(i => "v")]);

        Assert.Equal("001-v", slugs[0]);
        Assert.Equal("120-v", slugs[^1]);
    }
}

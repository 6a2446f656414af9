using Telltale.JavaScript.Normalisation;

namespace Telltale.Tests.JavaScript.Normalisation;

public sealed class SourceEditsTests
{
    [Fact]
    public void Refuses_an_edit_that_overlaps_one_already_made()
    {
        var edits = new SourceEdits();

        Assert.True(edits.TryAdd(10, 20, "a"));
        Assert.False(edits.TryAdd(15, 25, "b"));
        Assert.False(edits.TryAdd(5, 11, "c"));
        Assert.False(edits.TryAdd(12, 14, "d"));
        Assert.True(edits.TryAdd(20, 22, "e"));
        Assert.True(edits.TryAdd(0, 10, "f"));
        Assert.Equal(3, edits.Count);
    }

    [Fact]
    public void Keeps_a_protected_span_as_written()
    {
        var edits = new SourceEdits();
        edits.Protect(4, 8);

        Assert.False(edits.TryAdd(5, 6, "x"));
        Assert.Equal(0, edits.Count);
    }

    [Fact]
    public void Applies_edits_and_maps_offsets_back()
    {
        const string source = "abc[\"d\"].ef";
        var edits = new SourceEdits();
        edits.TryAdd(3, 8, ".d");

        var (text, map) = edits.Apply(source);

        Assert.Equal("abc.d.ef", text);
        Assert.Equal(0, map.ToOriginal(0));
        Assert.Equal(3, map.ToOriginal(3));
        Assert.Equal(3, map.ToOriginal(4));
        Assert.Equal(8, map.ToOriginal(5));
        Assert.Equal(11, map.ToOriginal(8));
    }

    /// <summary>javascript-obfuscator writes <c>case-0x1*0x2+0x4:</c>; folded to <c>case2:</c> it would be a label.</summary>
    [Theory]
    [InlineData("switch(t){case-0x1*0x2+0x4:x();}", 14, 26, "2", "switch(t){case 2:x();}")]
    [InlineData("a[\"b\"]in c", 1, 6, ".b", "a.b in c")]
    [InlineData("return(0x1+0x2)", 6, 15, "3", "return 3")]
    public void Keeps_a_replacement_apart_from_the_words_beside_it(string source, int start, int end, string replacement, string expected)
    {
        var edits = new SourceEdits();
        edits.TryAdd(start, end, replacement);

        var (text, map) = edits.Apply(source);

        Assert.Equal(expected, text);
        Assert.Equal(end, map.ToOriginal(text.Length - (source.Length - end)));
    }
}

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
        const string source = "abc[\"d\"]ef";
        var edits = new SourceEdits();
        edits.TryAdd(3, 8, ".d");

        var (text, map) = edits.Apply(source);

        Assert.Equal("abc.def", text);
        Assert.Equal(0, map.ToOriginal(0));
        Assert.Equal(3, map.ToOriginal(3));
        Assert.Equal(3, map.ToOriginal(4));
        Assert.Equal(8, map.ToOriginal(5));
        Assert.Equal(10, map.ToOriginal(7));
    }
}

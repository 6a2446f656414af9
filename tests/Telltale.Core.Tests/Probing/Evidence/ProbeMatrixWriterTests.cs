using Telltale.Probing;
using Telltale.Probing.Matrix;

namespace Telltale.Tests.Probing.EvidenceBundles;

public sealed class ProbeMatrixWriterTests
{
    private static ProbeVariant Variant(string name, params (string Name, string? Value)[] variables) =>
        new(name, variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    [Fact]
    public void The_default_matrix_reads_back_the_same()
    {
        var yaml = ProbeMatrixWriter.Write(ProbeMatrix.Default);

        Assert.True(ProbeMatrixWriter.AreEquivalent(ProbeMatrix.Default, ProbeMatrixLoader.Parse(yaml)));
    }

    [Fact]
    public void Unset_variables_and_values_that_need_quoting_read_back_as_they_were()
    {
        var matrix = new ProbeMatrix(
        [
            Variant("baseline"),
            Variant("no proxy", ("HTTPS_PROXY", null), ("HTTP_PROXY", "~")),
            Variant("yaml words", ("A", "null"), ("B", "yes"), ("C", ""), ("D", "123"), ("E", "true")),
            Variant("- name: \"quoted\" # not a comment", ("URL", "https://x.example.com/a?b=c#d"), ("COLON", "key: value"), ("BRACES", "{ [ ] }")),
            Variant("escapes \\ \t tab\nnewline", ("ZW", "text\u200B"), ("BIDI", "\u202Eevil"), ("NBSP", "a\u00A0b"), ("ASTRAL", "\U0001F600 \U000E0041")),
            Variant("  spaced  ", ("LEADING", "  two spaces  "), ("APOSTROPHE", "it\u2019s 'quoted'")),
        ], Repeats: 3);

        var readBack = ProbeMatrixLoader.Parse(ProbeMatrixWriter.Write(matrix));

        Assert.True(ProbeMatrixWriter.AreEquivalent(matrix, readBack));
        Assert.Null(readBack.Variants[1].Environment["HTTPS_PROXY"]);
        Assert.Equal("~", readBack.Variants[1].Environment["HTTP_PROXY"]);
        Assert.Equal("", readBack.Variants[2].Environment["C"]);
    }

    [Fact]
    public void Hard_to_see_characters_are_escaped_in_the_file()
    {
        var yaml = ProbeMatrixWriter.Write(new ProbeMatrix([Variant("baseline"), Variant("zw", ("X", "a\u200Bb\u202E"))]));

        Assert.Contains("\"a\\u200Bb\\u202E\"", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', yaml);
    }

    [Fact]
    public void A_matrix_the_loader_would_read_differently_is_refused()
    {
        var noBaseline = new ProbeMatrix([Variant("tz", ("TZ", "Asia/Shanghai"))]);
        var tooManyRepeats = new ProbeMatrix([Variant("baseline")], Repeats: 50);

        Assert.Contains("variant without variables", Assert.Throws<ProbeException>(() => ProbeMatrixWriter.Write(noBaseline)).Message, StringComparison.Ordinal);
        Assert.Contains("repeats", Assert.Throws<ProbeException>(() => ProbeMatrixWriter.Write(tooManyRepeats)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equivalence_sees_a_changed_value_an_unset_variable_and_the_order_of_variants()
    {
        var matrix = new ProbeMatrix([Variant("baseline"), Variant("a", ("X", "1")), Variant("b", ("Y", null))]);

        Assert.False(ProbeMatrixWriter.AreEquivalent(matrix, new ProbeMatrix([Variant("baseline"), Variant("a", ("X", "2")), Variant("b", ("Y", null))])));
        Assert.False(ProbeMatrixWriter.AreEquivalent(matrix, new ProbeMatrix([Variant("baseline"), Variant("a", ("X", "1")), Variant("b", ("Y", ""))])));
        Assert.False(ProbeMatrixWriter.AreEquivalent(matrix, new ProbeMatrix([Variant("baseline"), Variant("b", ("Y", null)), Variant("a", ("X", "1"))])));
        Assert.False(ProbeMatrixWriter.AreEquivalent(matrix, matrix with { Repeats = 3 }));
    }
}

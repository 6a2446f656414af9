using System.Text.Json;
using Telltale.Probing;

namespace Telltale.Tests.Probing;

public sealed class ArrayAlignmentTests
{
    public sealed class TheMatchMethod
    {
        private static int?[] Match(string reference, string values)
        {
            using var a = JsonDocument.Parse(reference);
            using var b = JsonDocument.Parse(values);
            return ArrayAlignment.Match([.. a.RootElement.EnumerateArray()], [.. b.RootElement.EnumerateArray()]);
        }

        [Fact]
        public void Pairs_identical_arrays_index_for_index()
        {
            Assert.Equal([0, 1, 2], Match("[1,2,3]", "[1,2,3]"));
        }

        [Fact]
        public void Pairs_past_an_element_added_at_the_front()
        {
            Assert.Equal([null, 0, 1], Match("""[{"name":"Bash"},{"name":"Read"}]""", """[{"name":"Ask"},{"name":"Bash"},{"name":"Read"}]"""));
        }

        [Fact]
        public void Pairs_an_edited_element_with_its_counterpart_rather_than_with_the_one_at_its_index()
        {
            var reference = """
                [{"role":"user","content":"<available-deferred-tools>"},
                 {"role":"user","content":[{"type":"text","text":"Today's date is 2026-11-23."},{"type":"text","text":"say hi"}]}]
                """;
            var values = """
                [{"role":"user","content":[{"type":"text","text":"Today’s date is 2026-11-23."},{"type":"text","text":"say hi"}]}]
                """;

            Assert.Equal([1], Match(reference, values));
        }

        [Fact]
        public void Pairs_strings_that_differ_in_one_character()
        {
            Assert.Equal([null, 0], Match("""["Today's date"]""", """["x", "Today’s date"]"""));
        }

        [Fact]
        public void Leaves_unrelated_elements_unpaired()
        {
            Assert.Equal([null], Match("""[{"name":"Bash","description":"Runs a command"}]""", """[{"name":"Read","description":"Reads a file"}]"""));
        }
    }

    public sealed class TheTextSimilarityMethod
    {
        [Theory]
        [InlineData("same", "same", 1.0)]
        [InlineData("", "", 1.0)]
        [InlineData("abcd", "wxyz", 0.0)]
        [InlineData("ab-cd", "ab/cd", 0.8)]
        public void Counts_the_shared_prefix_and_suffix_against_the_longer_text(string a, string b, double expected)
        {
            Assert.Equal(expected, ArrayAlignment.TextSimilarity(a, b), precision: 10);
        }
    }
}

using System.Text;
using Telltale.Artifacts;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Harvesting;

namespace Telltale.Fuzz.Targets;

/// <summary>The JavaScript literal harvester (Acornima's tokenizer, with the printable-run fallback after a token error).</summary>
internal sealed class HarvesterTarget : IFuzzTarget
{
    private readonly JavaScriptHarvester _harvester = new();

    public string Name => "harvester";

    public string Contract =>
        "JavaScriptHarvester.Harvest never throws; every literal's location lies inside the entry and the literals' total length is bounded by the input's";

    public FuzzInputKind InputKind => FuzzInputKind.JavaScript;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => TextSeeds.JavaScript();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        // Bun stores some modules as Latin-1; both decodings reach the harvester in production.
        var encoding = input.Length % 2 == 0 ? ContentEncoding.Utf8 : ContentEncoding.Latin1;
        var entry = new ArtifactEntry { Path = "fuzz.js", Name = "fuzz.js", Content = input, Kind = EntryKind.JavaScript, Encoding = encoding };
        var text = entry.ReadText();

        // Offsets count bytes of the decoded text re-encoded: invalid UTF-8 (each bad sequence one U+FFFD, three
        // bytes) can put them past the raw length, so that is the bound (see docs/fuzzing.md, known limitations).
        var encodedLength = Math.Max(input.Length, entry.Codec.GetByteCount(text));
        long characters = 0;
        var count = 0;
        foreach (var literal in _harvester.Harvest(entry))
        {
            count++;
            characters += literal.Value.Length;
            var location = literal.Location;
            ContractViolationException.Require(location.Offset >= 0 && location.Offset <= encodedLength,
                $"literal at byte {location.Offset} of a {encodedLength}-byte entry");
            ContractViolationException.Require(location.Line >= 0 && location.Column >= 0, $"literal at line {location.Line} column {location.Column}");
            features.Add("literal", $"{literal.Kind}/{literal.Callee is not null}/{literal.Binding is not null}");
        }

        // A literal is never longer than its source text, but escapes such as \u{10FFFF} decode to two chars from more.
        ContractViolationException.Require(characters <= (2L * text.Length) + 64, $"{characters} literal characters from {text.Length} characters of source");
        ContractViolationException.Require(count <= text.Length + 1, $"{count} literals from {text.Length} characters");
        features.AddMagnitude("literals", count);
        features.Add("encoding", encoding.ToString());
        features.Add("ascii", Ascii.IsValid(input.Span).ToString());
    }
}

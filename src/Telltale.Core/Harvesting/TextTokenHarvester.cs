using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;

namespace Telltale.Harvesting;

/// <summary>
/// Reads text that is not JavaScript (JSON, YAML, scripts, or JavaScript past a syntax error) as tokens
/// between white space, quotes and brackets: encoded blobs and indicator strings never contain those.
/// </summary>
public sealed class TextTokenHarvester : IStringHarvester
{
    public const int MinTokenLength = 6;

    public bool CanHarvest(ArtifactEntry entry) => entry.Kind is EntryKind.Text or EntryKind.Json;

    public IEnumerable<HarvestedLiteral> Harvest(ArtifactEntry entry, CancellationToken cancellationToken = default) =>
        HarvestText(entry.Path, entry.ReadText(), 0, 0, entry.Codec);

    /// <summary>Tokens of <paramref name="text"/> from <paramref name="startChar"/> (which is <paramref name="startByte"/> in <paramref name="codec"/>, UTF-8 when not given).</summary>
    public IEnumerable<HarvestedLiteral> HarvestText(string path, string text, int startChar, long startByte, Encoding? codec = null)
    {
        codec ??= Encoding.UTF8;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < startChar; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var bytePosition = startByte;
        var charPosition = startChar;
        var tokenStart = -1;
        for (var i = startChar; i <= text.Length; i++)
        {
            var atEnd = i == text.Length;
            var c = atEnd ? '\n' : text[i];
            if (!IsDelimiter(c))
            {
                if (tokenStart < 0)
                {
                    tokenStart = i;
                }

                continue;
            }

            if (tokenStart >= 0 && i - tokenStart >= MinTokenLength)
            {
                bytePosition += codec.GetByteCount(text.AsSpan(charPosition, tokenStart - charPosition));
                charPosition = tokenStart;
                var location = new SourceLocation(path, line, tokenStart - lineStart + 1, bytePosition, i - tokenStart);
                yield return new HarvestedLiteral(text[tokenStart..i], LiteralKind.AsciiRun, location);
            }

            tokenStart = -1;
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
    }

    private static bool IsDelimiter(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '`' or '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>' or ',' or ';';
}

using Acornima;
using Telltale.Artifacts;

namespace Telltale.Harvesting;

/// <summary>
/// Reads string literals, template parts and integer arrays from JavaScript with Acornima's tokenizer:
/// a real tokenizer, because a regex cannot tell a quote inside a regular expression or a comment from
/// the start of a string. Also notes the callee and binding next to each literal so that a scheme that
/// hides thousands of literals behind one function can be seen as one thing. What the tokens mean is
/// <see cref="JavaScriptLiteralCollector"/>'s job, so a parser's tokens can be harvested the same way.
/// </summary>
public sealed class JavaScriptHarvester : IStringHarvester
{
    private readonly TextTokenHarvester _fallback = new();

    public bool CanHarvest(ArtifactEntry entry) => entry.Kind == EntryKind.JavaScript;

    public IEnumerable<HarvestedLiteral> Harvest(ArtifactEntry entry, CancellationToken cancellationToken = default)
    {
        var text = entry.ReadText();
        var collector = new JavaScriptLiteralCollector(entry.Path, text, entry.Codec);
        var failedAt = Tokenize(entry.Path, text, collector, cancellationToken);
        var results = collector.Literals;
        if (failedAt is { } charOffset)
        {
            // Not JavaScript the tokenizer accepts (TypeScript, Flow, a template language…): keep what was
            // read and take the rest as printable runs so nothing past the error goes unread.
            var byteOffset = entry.Codec.GetByteCount(text.AsSpan(0, charOffset));
            results.AddRange(_fallback.HarvestText(entry.Path, text, charOffset, byteOffset, entry.Codec));
        }

        return results;
    }

    private static int? Tokenize(string path, string text, JavaScriptLiteralCollector collector, CancellationToken cancellationToken)
    {
        var options = new TokenizerOptions
        {
            EcmaVersion = EcmaVersion.Latest,
            AllowHashBang = true,
            Tolerant = true,
        };
        var tokenizer = new Tokenizer(text, SourceType.Module, path, options);
        var context = new TokenizerContext();
        var count = 0;
        try
        {
            while (true)
            {
                tokenizer.Next(in context);
                var token = tokenizer.Current;
                if (token.Kind == TokenKind.EOF)
                {
                    return null;
                }

                if ((++count & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                collector.Accept(in token);
            }
        }
        catch (ParseErrorException error)
        {
            return Math.Clamp(error.Error.Index, 0, text.Length);
        }
    }
}

using System.Globalization;
using System.Text;
using Acornima;
using Telltale.Artifacts;
using Telltale.Findings;
using SourceLocation = Telltale.Findings.SourceLocation;

namespace Telltale.Harvesting;

/// <summary>
/// Reads string literals, template parts and integer arrays from JavaScript with Acornima's tokenizer:
/// a real tokenizer, because a regex cannot tell a quote inside a regular expression or a comment from
/// the start of a string. Also notes the callee and binding next to each literal so that a scheme that
/// hides thousands of literals behind one function can be seen as one thing.
/// </summary>
public sealed class JavaScriptHarvester : IStringHarvester
{
    private const int MinNumberArrayLength = 4;

    private readonly TextTokenHarvester _fallback = new();

    public bool CanHarvest(ArtifactEntry entry) => entry.Kind == EntryKind.JavaScript;

    public IEnumerable<HarvestedLiteral> Harvest(ArtifactEntry entry, CancellationToken cancellationToken = default)
    {
        var text = entry.ReadText();
        var results = new List<HarvestedLiteral>();
        var failedAt = Tokenize(entry.Path, text, entry.Codec, results, cancellationToken);
        if (failedAt is { } charOffset)
        {
            // Not JavaScript the tokenizer accepts (TypeScript, Flow, a template language…): keep what was
            // read and take the rest as printable runs so nothing past the error goes unread.
            var byteOffset = entry.Codec.GetByteCount(text.AsSpan(0, charOffset));
            results.AddRange(_fallback.HarvestText(entry.Path, text, charOffset, byteOffset, entry.Codec));
        }

        return results;
    }

    private static int? Tokenize(string path, string text, Encoding codec, List<HarvestedLiteral> results, CancellationToken cancellationToken)
    {
        var options = new TokenizerOptions
        {
            EcmaVersion = EcmaVersion.Latest,
            AllowHashBang = true,
            Tolerant = true,
        };
        var tokenizer = new Tokenizer(text, SourceType.Module, path, options);
        var context = new TokenizerContext();
        var offsets = new ByteOffsetTracker(text, codec);
        var recent = new RecentTokens();
        var numbers = new NumberArrayCollector();
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

                switch (token.Kind)
                {
                    case TokenKind.StringLiteral:
                        results.Add(new HarvestedLiteral(token.StringValue!, LiteralKind.JsString, Locate(path, token, offsets), recent.CalleeOfFirstArgument(), recent.Binding()));
                        break;
                    case TokenKind.Template when token.TemplateValue is { } template && !string.IsNullOrEmpty(template.Cooked):
                        results.Add(new HarvestedLiteral(template.Cooked!, LiteralKind.JsTemplate, Locate(path, token, offsets), recent.CalleeOfFirstArgument(), recent.Binding()));
                        break;
                }

                if (numbers.Accept(token) is { } array)
                {
                    results.Add(new HarvestedLiteral(array.Numbers, LiteralKind.JsNumberArray, Locate(path, array.Start, offsets)));
                }

                recent.Push(token, text);
            }
        }
        catch (ParseErrorException error)
        {
            return Math.Clamp(error.Error.Index, 0, text.Length);
        }
    }

    private static SourceLocation Locate(string path, in Token token, ByteOffsetTracker offsets) =>
        new(path, token.Location.Start.Line, token.Location.Start.Column + 1, offsets.ByteOffsetOf(token.Start), token.End - token.Start);

    /// <summary>Turns char positions, which arrive in increasing order, into byte offsets in the entry's encoding without rescanning.</summary>
    private sealed class ByteOffsetTracker(string text, Encoding codec)
    {
        private int _charPosition;
        private long _bytePosition;

        public long ByteOffsetOf(int charPosition)
        {
            if (charPosition < _charPosition)
            {
                _charPosition = 0;
                _bytePosition = 0;
            }

            _bytePosition += codec.GetByteCount(text.AsSpan(_charPosition, charPosition - _charPosition));
            _charPosition = charPosition;
            return _bytePosition;
        }
    }

    /// <summary>The last few tokens, enough to say <c>name(</c> or <c>name=</c> stands before a literal.</summary>
    private struct RecentTokens
    {
        private (TokenKind Kind, string Text) _last;
        private (TokenKind Kind, string Text) _beforeLast;
        private (TokenKind Kind, string Text) _third;

        public void Push(in Token token, string source)
        {
            _third = _beforeLast;
            _beforeLast = _last;
            var text = token.Kind is TokenKind.Punctuator or TokenKind.Identifier or TokenKind.Keyword
                ? token.GetRawValue(source).ToString()
                : "";
            _last = (token.Kind, text);
        }

        public readonly string? CalleeOfFirstArgument()
        {
            if (_last is not (TokenKind.Punctuator, "(") || _beforeLast.Kind != TokenKind.Identifier)
            {
                return null;
            }

            return _third is (TokenKind.Punctuator, "." or "?.") ? "." + _beforeLast.Text : _beforeLast.Text;
        }

        public readonly string? Binding() =>
            _last is (TokenKind.Punctuator, "=" or ":") && _beforeLast.Kind == TokenKind.Identifier ? _beforeLast.Text : null;
    }

    /// <summary>Collects <c>[104,116,…]</c> and <c>(104,116,…)</c> runs of integers: character-code arrays.</summary>
    private sealed class NumberArrayCollector
    {
        private readonly StringBuilder _numbers = new();
        private Token _start;
        private int _count;
        private bool _open;
        private bool _expectNumber;

        public (string Numbers, Token Start)? Accept(in Token token)
        {
            if (token.Kind == TokenKind.Punctuator && token.Value is "[" or "(")
            {
                Reset();
                _open = true;
                _expectNumber = true;
                _start = token;
                return null;
            }

            if (!_open)
            {
                return null;
            }

            if (_expectNumber && token.Kind == TokenKind.NumericLiteral && token.NumericValue is { } value
                && value >= 0 && value <= 0x10FFFF && value == Math.Floor(value))
            {
                if (_count > 0)
                {
                    _numbers.Append(',');
                }

                _numbers.Append(((int)value).ToString(CultureInfo.InvariantCulture));
                _count++;
                _expectNumber = false;
                return null;
            }

            if (!_expectNumber && token.Kind == TokenKind.Punctuator && token.Value is ",")
            {
                _expectNumber = true;
                return null;
            }

            if (!_expectNumber && token.Kind == TokenKind.Punctuator && token.Value is "]" or ")" && _count >= MinNumberArrayLength)
            {
                var result = (_numbers.ToString(), _start);
                Reset();
                return result;
            }

            Reset();
            return null;
        }

        private void Reset()
        {
            _numbers.Clear();
            _count = 0;
            _open = false;
        }
    }
}

using System.Globalization;
using System.Text;
using Acornima;
using SourceLocation = Telltale.Findings.SourceLocation;

namespace Telltale.Harvesting;

/// <summary>
/// Turns a stream of Acornima tokens into string literals, cooked template parts and integer arrays, with the
/// callee and binding next to each literal. Token-source agnostic so that one pass can serve both the harvest
/// and the behaviour analysis: feed it from a <see cref="Tokenizer"/> loop or hand <see cref="Accept"/> to
/// <see cref="ParserOptions.OnToken"/>. Use one collector per pass over the text: a parser that retries the
/// file (script, then module) needs a fresh collector for the retry, because tokens that do not move forward
/// are taken as already seen.
/// </summary>
public sealed class JavaScriptLiteralCollector
{
    private const int MinNumberArrayLength = 4;

    private readonly string _path;
    private readonly string _text;
    private readonly ByteOffsetTracker _offsets;
    private readonly NumberArrayCollector _numbers = new();
    private RecentTokens _recent;
    private int _previousStart = -1;
    private int _previousEnd = -1;

    /// <param name="path">The entry path every location names.</param>
    /// <param name="text">The exact string the tokens were read from: names and byte offsets are taken from it.</param>
    /// <param name="codec">The entry's encoding, in which byte offsets are counted.</param>
    public JavaScriptLiteralCollector(string path, string text, Encoding codec)
    {
        _path = path;
        _text = text;
        _offsets = new ByteOffsetTracker(text, codec);
    }

    /// <summary>What has been collected so far, in source order.</summary>
    public List<HarvestedLiteral> Literals { get; } = [];

    /// <summary>Takes the next token. Matches <see cref="OnTokenHandler"/>, so it can be handed to a parser as is.</summary>
    public void Accept(in Token token)
    {
        if (token.Kind == TokenKind.EOF || !MovesForward(token))
        {
            return;
        }

        var punctuation = token.Kind == TokenKind.Punctuator ? Classify(token.StringValue) : Punctuation.None;
        switch (token.Kind)
        {
            case TokenKind.StringLiteral:
                Literals.Add(new HarvestedLiteral(token.StringValue!, LiteralKind.JsString, Locate(token), _recent.CalleeOfFirstArgument(_text), _recent.Binding(_text)));
                break;
            case TokenKind.Template when token.TemplateValue is { } template && !string.IsNullOrEmpty(template.Cooked):
                Literals.Add(new HarvestedLiteral(template.Cooked!, LiteralKind.JsTemplate, Locate(token), _recent.CalleeOfFirstArgument(_text), _recent.Binding(_text)));
                break;
        }

        if (_numbers.Accept(token, punctuation) is { } array)
        {
            var location = new SourceLocation(_path, array.Line, array.Column + 1, _offsets.ByteOffsetOf(array.Start), array.End - array.Start);
            Literals.Add(new HarvestedLiteral(array.Numbers, LiteralKind.JsNumberArray, location));
        }

        _recent.Push(token, punctuation);
    }

    // A token source that repeats a token or steps back (a retried parse, a re-read after backtracking) would
    // otherwise report a literal twice and break the context of the ones after it. Empty template parts share
    // their start with the next token, so only a token that begins inside the previous one, or an empty
    // one repeated, counts as seen.
    private bool MovesForward(in Token token)
    {
        if (token.Start < _previousEnd || (token.Start == _previousStart && token.End == _previousEnd))
        {
            return false;
        }

        _previousStart = token.Start;
        _previousEnd = token.End;
        return true;
    }

    private SourceLocation Locate(in Token token) =>
        new(_path, token.Location.Start.Line, token.Location.Start.Column + 1, _offsets.ByteOffsetOf(token.Start), token.End - token.Start);

    private static Punctuation Classify(string? punctuator) => punctuator switch
    {
        "(" => Punctuation.OpenParen,
        ")" => Punctuation.CloseParen,
        "[" => Punctuation.OpenBracket,
        "]" => Punctuation.CloseBracket,
        "," => Punctuation.Comma,
        "=" => Punctuation.Assign,
        ":" => Punctuation.Colon,
        "." => Punctuation.Dot,
        "?." => Punctuation.OptionalDot,
        _ => Punctuation.Other,
    };

    /// <summary>The punctuators that give a literal its context or delimit a number array; the rest are <see cref="Other"/>.</summary>
    private enum Punctuation : byte
    {
        None,
        Other,
        OpenParen,
        CloseParen,
        OpenBracket,
        CloseBracket,
        Comma,
        Assign,
        Colon,
        Dot,
        OptionalDot,
    }

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

    /// <summary>
    /// The last three tokens, enough to say <c>name(</c> or <c>name=</c> stands before a literal. Kept as kinds and
    /// source ranges: a bundle has millions of tokens and only the few next to a literal ever need a name.
    /// </summary>
    private struct RecentTokens
    {
        private RecentToken _last;
        private RecentToken _beforeLast;
        private RecentToken _third;

        public void Push(in Token token, Punctuation punctuation)
        {
            _third = _beforeLast;
            _beforeLast = _last;
            _last = new RecentToken(token.Kind, punctuation, token.Kind == TokenKind.Identifier ? token.StringValue : null, token.Start, token.End);
        }

        public readonly string? CalleeOfFirstArgument(string source)
        {
            if (_last.Punctuation != Punctuation.OpenParen || _beforeLast.Kind != TokenKind.Identifier)
            {
                return null;
            }

            var name = _beforeLast.RawName(source);
            return _third.Punctuation is Punctuation.Dot or Punctuation.OptionalDot ? "." + name : name;
        }

        public readonly string? Binding(string source) =>
            _last.Punctuation is Punctuation.Assign or Punctuation.Colon && _beforeLast.Kind == TokenKind.Identifier ? _beforeLast.RawName(source) : null;
    }

    private readonly record struct RecentToken(TokenKind Kind, Punctuation Punctuation, string? Name, int Start, int End)
    {
        // The name as written: the tokenizer's name is the same string unless the source spells it with
        // \u escapes, which always makes the source longer, so only then is a new string needed.
        public string RawName(string source) =>
            Name is { } name && name.Length == End - Start ? name : source.Substring(Start, End - Start);
    }

    /// <summary>Collects <c>[104,116,…]</c> and <c>(104,116,…)</c> runs of integers: character-code arrays.</summary>
    private sealed class NumberArrayCollector
    {
        private readonly List<int> _codes = [];
        private readonly StringBuilder _joined = new();
        private (int Start, int End, int Line, int Column) _opener;
        private bool _open;
        private bool _expectNumber;

        public (string Numbers, int Start, int End, int Line, int Column)? Accept(in Token token, Punctuation punctuation)
        {
            if (punctuation is Punctuation.OpenBracket or Punctuation.OpenParen)
            {
                Reset();
                _open = true;
                _expectNumber = true;
                _opener = (token.Start, token.End, token.Location.Start.Line, token.Location.Start.Column);
                return null;
            }

            if (!_open)
            {
                return null;
            }

            if (_expectNumber && token.Kind == TokenKind.NumericLiteral && token.NumericValue is { } value
                && value >= 0 && value <= 0x10FFFF && value == Math.Floor(value))
            {
                _codes.Add((int)value);
                _expectNumber = false;
                return null;
            }

            if (!_expectNumber && punctuation == Punctuation.Comma)
            {
                _expectNumber = true;
                return null;
            }

            if (!_expectNumber && punctuation is Punctuation.CloseBracket or Punctuation.CloseParen && _codes.Count >= MinNumberArrayLength)
            {
                var result = (Join(), _opener.Start, _opener.End, _opener.Line, _opener.Column);
                Reset();
                return result;
            }

            Reset();
            return null;
        }

        private string Join()
        {
            _joined.Clear();
            foreach (var code in _codes)
            {
                if (_joined.Length > 0)
                {
                    _joined.Append(',');
                }

                _joined.Append(CultureInfo.InvariantCulture, $"{code}");
            }

            return _joined.ToString();
        }

        private void Reset()
        {
            _codes.Clear();
            _open = false;
        }
    }
}

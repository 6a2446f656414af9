using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Telltale.Decoding;

/// <summary>
/// A character trigram model of English prose and source code, with Witten-Bell interpolation down to bigrams
/// and add-one unigrams. <see cref="TextPlausibility"/> weighs bytes one at a time, so a key chosen to fit each
/// column of a repeating-key xor always looks like text to it; the columns are chosen independently, so the
/// pairs and triples of characters they make are not those of any language, and this model sees that.
/// </summary>
/// <remarks>
/// Characters are folded into <see cref="SymbolCount"/> symbols: printable ASCII one each, tab, line feed,
/// carriage return, one for every other control character, one for letters beyond ASCII, one for the other
/// characters beyond ASCII, one for a byte that is not UTF-8, and a boundary that stands before and after a
/// string. The shipped tables (<c>Decoding/text-model.bin</c>, embedded) are counts; how they were built is in
/// <c>docs/text-model.md</c> and <c>tools/TextModelBuilder</c>.
/// </remarks>
public sealed class TextModel
{
    /// <summary>Symbols the model knows; see the remarks.</summary>
    public const int SymbolCount = 103;

    private const int Boundary = 0;
    private const int Tab = 96;
    private const int LineFeed = 97;
    private const int CarriageReturn = 98;
    private const int Control = 99;
    private const int OtherLetter = 100;
    private const int OtherCharacter = 101;
    private const int InvalidByte = 102;

    private const string ResourceName = "Telltale.Decoding.text-model.bin";
    private static readonly byte[] Magic = "TTLM"u8.ToArray();
    private const byte FormatVersion = 1;

    private static readonly Lazy<TextModel> Shipped = new(LoadShipped);

    private readonly int[] _counts;      // trigram counts, [a * S * S + b * S + c]
    private readonly float[] _logProbability; // log2 P(c | a b), same layout

    private TextModel(int[] counts)
    {
        _counts = counts;
        _logProbability = Estimate(counts);
    }

    /// <summary>The model shipped with Telltale.</summary>
    public static TextModel Default => Shipped.Value;

    /// <summary>Characters counted in training (boundaries included).</summary>
    public long TrainingSymbols => _counts.Sum(c => (long)c);

    /// <summary>Counts every trigram of the given texts, each one standing alone between boundaries.</summary>
    public static TextModel Train(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new int[SymbolCount * SymbolCount * SymbolCount];
        var symbols = new List<int>();
        foreach (var text in texts)
        {
            symbols.Clear();
            foreach (var rune in text.EnumerateRunes())
            {
                symbols.Add(SymbolOf(rune.Value));
            }

            int a = Boundary, b = Boundary;
            foreach (var c in symbols.Append(Boundary))
            {
                ref var count = ref counts[Index(a, b, c)];
                count = count == int.MaxValue ? count : count + 1;
                a = b;
                b = c;
            }
        }

        return new TextModel(counts);
    }

    /// <summary>Mean log2-probability per character of <paramref name="text"/>, the closing boundary counted as one.</summary>
    public double Score(ReadOnlySpan<char> text)
    {
        var scorer = new Scorer(this);
        foreach (var rune in text.EnumerateRunes())
        {
            scorer.Add(SymbolOf(rune.Value));
        }

        return scorer.Finish();
    }

    /// <summary>
    /// The same for bytes: read as UTF-8 where they are UTF-8, and a byte that is not stands for one
    /// improbable symbol of its own, so xor output that falls apart into stray high bytes reads as what it is.
    /// </summary>
    public double Score(ReadOnlySpan<byte> data)
    {
        var scorer = new Scorer(this);
        while (!data.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(data, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                scorer.Add(SymbolOf(rune.Value));
            }
            else
            {
                scorer.Add(InvalidByte);
                consumed = Math.Max(consumed, 1);
            }

            data = data[consumed..];
        }

        return scorer.Finish();
    }

    /// <summary>Writes the counts in the shipped format (deflated, sparse).</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        deflate.Write(Magic);
        deflate.WriteByte(FormatVersion);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(number, SymbolCount);
        deflate.Write(number);
        var previous = -1;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                WriteVarint(deflate, (uint)(i - previous));
                WriteVarint(deflate, (uint)_counts[i]);
                previous = i;
            }
        }

        WriteVarint(deflate, 0);
    }

    /// <summary>Reads counts written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not such a model.</exception>
    public static TextModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var inflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
        Span<byte> header = stackalloc byte[9];
        inflate.ReadExactly(header);
        if (!header[..4].SequenceEqual(Magic) || header[4] != FormatVersion || BinaryPrimitives.ReadInt32LittleEndian(header[5..]) != SymbolCount)
        {
            throw new InvalidDataException("not a Telltale text model of this version");
        }

        var counts = new int[SymbolCount * SymbolCount * SymbolCount];
        var index = -1L;
        while (true)
        {
            var delta = ReadVarint(inflate);
            if (delta == 0)
            {
                break;
            }

            index += delta;
            if (index >= counts.Length)
            {
                throw new InvalidDataException("a text model count lies outside its table");
            }

            counts[index] = (int)Math.Min(ReadVarint(inflate), int.MaxValue);
        }

        return new TextModel(counts);
    }

    private static TextModel LoadShipped()
    {
        using var stream = typeof(TextModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing");
        return Read(stream);
    }

    /// <summary>The symbol of one Unicode scalar value.</summary>
    internal static int SymbolOf(int codePoint) => codePoint switch
    {
        >= 0x20 and <= 0x7E => codePoint - 0x20 + 1,
        '\t' => Tab,
        '\n' => LineFeed,
        '\r' => CarriageReturn,
        < 0xA0 => Control,
        _ => Rune.IsLetter(new Rune(codePoint)) ? OtherLetter : OtherCharacter,
    };

    private static int Index(int a, int b, int c) => (((a * SymbolCount) + b) * SymbolCount) + c;

    /// <summary>
    /// Witten-Bell: each order keeps its own counts and gives the lower order as much weight as it has seen
    /// distinct continuations, so a context seen often with few followers trusts itself and a rare one backs off.
    /// </summary>
    private static float[] Estimate(int[] trigrams)
    {
        const int s = SymbolCount;
        var bigrams = new long[s * s];
        var unigrams = new long[s];
        for (var a = 0; a < s; a++)
        {
            for (var b = 0; b < s; b++)
            {
                for (var c = 0; c < s; c++)
                {
                    var n = trigrams[Index(a, b, c)];
                    bigrams[(b * s) + c] += n;
                    unigrams[c] += n;
                }
            }
        }

        var total = unigrams.Sum();
        var p1 = new double[s];
        for (var c = 0; c < s; c++)
        {
            p1[c] = (unigrams[c] + 1.0) / (total + s);
        }

        var p2 = new double[s * s];
        for (var b = 0; b < s; b++)
        {
            var row = bigrams.AsSpan(b * s, s);
            long seen = 0, distinct = 0;
            foreach (var n in row)
            {
                seen += n;
                distinct += n > 0 ? 1 : 0;
            }

            for (var c = 0; c < s; c++)
            {
                p2[(b * s) + c] = seen == 0 ? p1[c] : (row[c] + (distinct * p1[c])) / (seen + distinct);
            }
        }

        var logs = new float[s * s * s];
        for (var a = 0; a < s; a++)
        {
            for (var b = 0; b < s; b++)
            {
                var at = Index(a, b, 0);
                var row = trigrams.AsSpan(at, s);
                long seen = 0, distinct = 0;
                foreach (var n in row)
                {
                    seen += n;
                    distinct += n > 0 ? 1 : 0;
                }

                for (var c = 0; c < s; c++)
                {
                    var lower = p2[(b * s) + c];
                    var p = seen == 0 ? lower : (row[c] + (distinct * lower)) / (seen + distinct);
                    logs[at + c] = (float)Math.Log2(p);
                }
            }
        }

        return logs;
    }

    private static void WriteVarint(Stream stream, uint value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    private static uint ReadVarint(Stream stream)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException("a text model ends inside a number");
            }

            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a text model number is too long");
    }

    private struct Scorer(TextModel model)
    {
        private int _a = Boundary;
        private int _b = Boundary;
        private double _sum;
        private int _count;

        public void Add(int symbol)
        {
            _sum += model._logProbability[Index(_a, _b, symbol)];
            _count++;
            _a = _b;
            _b = symbol;
        }

        public double Finish()
        {
            if (_count == 0)
            {
                return double.NegativeInfinity;
            }

            Add(Boundary);
            return _sum / _count;
        }
    }
}

using System.Text;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// The byte loops of <see cref="SandboxPrelude"/> (base64, hex, UTF-8 and Latin-1 to and from bytes) done in .NET, each
/// charged to the evaluation's statement count by the size of its input. Written in script they cost a statement or
/// more per character: a decoder that calls <c>Buffer.from(s, "base64").toString()</c> once per character of a string it
/// decodes (qodercli's string table does) spent about 20,000 statements per string, and a bundle's whole budget on a
/// tenth of its strings.
/// </summary>
/// <remarks>
/// The functions are handed to the prelude under <see cref="GlobalName"/>, which it takes into its closure and deletes
/// before any script of the package runs: the package never reaches them except through the shims, as before. Each is
/// a pure function of strings and numbers or of a <c>Uint8Array</c>'s bytes, returns a string or a new
/// <c>Uint8Array</c> no larger than three times its input, and answers <c>undefined</c> for anything else (another kind
/// of array, input past <see cref="MaxInput"/>), where the prelude's script does the work as it always did: the results
/// are the script's, byte for byte (tested against the script on random input, and on answers known from Node and
/// browsers).
/// </remarks>
internal static class SandboxCodecs
{
    /// <summary>The global the prelude takes the functions from and then deletes.</summary>
    public const string GlobalName = "__telltale_codecs";

    /// <summary>Units (characters or bytes) of input per statement charged.</summary>
    internal const int UnitsPerStatement = 16;

    /// <summary>Larger inputs go the script's way, under the allocation guards.</summary>
    internal const int MaxInput = 1 << 20;

    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Sets <see cref="GlobalName"/> on a new engine, before the prelude runs.</summary>
    public static void Install(Engine engine)
    {
        var codecs = new JsObject(engine);
        void Add(string name, Func<JsValue[], JsValue> body) =>
            codecs.FastSetDataProperty(name, new ClrFunction(engine, name, (_, arguments) => body(arguments)));

        Add("base64ToBytes", arguments => Text(arguments, 0) is { } text && Charge(engine, text.Length) ? Bytes(engine, Base64ToBytes(text)) : JsValue.Undefined);
        Add("hexToBytes", arguments => Text(arguments, 0) is { } text && Charge(engine, text.Length) ? Bytes(engine, HexToBytes(text)) : JsValue.Undefined);
        Add("utf8ToBytes", arguments => Text(arguments, 0) is { } text && Charge(engine, text.Length) ? Bytes(engine, LenientUtf8.GetBytes(text)) : JsValue.Undefined);
        Add("latin1ToBytes", arguments => Text(arguments, 0) is { } text && Charge(engine, text.Length) ? Bytes(engine, Latin1ToBytes(text)) : JsValue.Undefined);
        Add("bytesToUtf8", arguments => Range(engine, arguments) is { } bytes ? Utf8(bytes, fatal: arguments.Length > 3 && arguments[3].IsBoolean() && arguments[3].AsBoolean()) : JsValue.Undefined);
        Add("bytesToLatin1", arguments => Range(engine, arguments) is { } bytes && arguments.Length > 3 && arguments[3].IsNumber() && arguments[3].AsNumber() is 127 or 255
            ? Latin1(bytes, (byte)arguments[3].AsNumber())
            : JsValue.Undefined);
        Add("bytesToHex", arguments => Range(engine, arguments) is { } bytes ? new JsString(Convert.ToHexStringLower(bytes)) : JsValue.Undefined);
        Add("bytesToBase64", arguments => Range(engine, arguments) is { } bytes && arguments.Length > 4 && arguments[3].IsBoolean() && arguments[4].IsBoolean()
            ? new JsString(Base64(bytes, url: arguments[3].AsBoolean(), pad: arguments[4].AsBoolean()))
            : JsValue.Undefined);
        Add("atob", arguments => Text(arguments, 0) is { } text && Charge(engine, text.Length) ? ForgivingBase64(text) is { } bytes ? Latin1(bytes, 255) : JsValue.Null : JsValue.Undefined);
        engine.SetValue(GlobalName, codecs);
    }

    private static string? Text(JsValue[] arguments, int index) =>
        arguments.Length > index && arguments[index].IsString() && arguments[index].AsString() is { Length: <= MaxInput } text ? text : null;

    /// <summary>
    /// The values of the typed array <c>arguments[0]</c> from <c>arguments[1]</c> to <c>arguments[2]</c>, when they are in
    /// range and every value is a byte (what the script's loops read from a <c>Uint8Array</c> or a <c>Buffer</c>).
    /// </summary>
    private static byte[]? Range(Engine engine, JsValue[] arguments)
    {
        if (arguments.Length < 3 || arguments[0] is not JsTypedArray array || !arguments[1].IsNumber() || !arguments[2].IsNumber())
        {
            return null;
        }

        var start = arguments[1].AsNumber();
        var end = arguments[2].AsNumber();
        if (start < 0 || end > array.Length || start > end || start != Math.Floor(start) || end != Math.Floor(end) || end - start > MaxInput)
        {
            return null;
        }

        var bytes = new byte[(int)(end - start)];
        for (var i = 0; i < bytes.Length; i++)
        {
            var value = array[(int)start + i] is JsNumber number ? number.AsNumber() : double.NaN;
            if (value is not (>= 0 and <= 255) || value != Math.Floor(value))
            {
                return null;
            }

            bytes[i] = (byte)value;
        }

        return Charge(engine, bytes.Length) ? bytes : null;
    }

    /// <summary>Counts the work as statements of the evaluation; true, or the statement limit's exception.</summary>
    private static bool Charge(Engine engine, int units)
    {
        engine.Constraints.Find<WorkMeterConstraint>()?.Charge(1 + (units / UnitsPerStatement));
        return true;
    }

    private static JsTypedArray Bytes(Engine engine, byte[] bytes) => engine.Intrinsics.Uint8Array.Construct(bytes);

    /// <summary>As Node: characters outside both alphabets are skipped, padding ends the input.</summary>
    internal static byte[] Base64ToBytes(string text)
    {
        var output = new byte[(text.Length * 3 / 4) + 3];
        int length = 0, bits = 0, count = 0;
        foreach (var c in text)
        {
            if (c == '=')
            {
                break;
            }

            var value = SixBits(c);
            if (value < 0)
            {
                continue;
            }

            bits = (bits << 6) | value;
            count += 6;
            if (count >= 8)
            {
                count -= 8;
                output[length++] = (byte)((bits >> count) & 255);
                bits &= (1 << count) - 1;
            }
        }

        return output.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// WHATWG's forgiving-base64 decode, which <c>atob</c> runs: ASCII white space dropped, up to two '=' only at the
    /// end of a length divisible by four, nothing outside the standard alphabet; null where a browser throws.
    /// </summary>
    internal static byte[]? ForgivingBase64(string text)
    {
        var kept = new List<char>(text.Length);
        foreach (var c in text)
        {
            if (c is not ('\t' or '\n' or '\f' or '\r' or ' '))
            {
                kept.Add(c);
            }
        }

        var length = kept.Count;
        if (length % 4 == 0 && length > 0 && kept[length - 1] == '=')
        {
            length--;
            if (kept[length - 1] == '=')
            {
                length--;
            }
        }

        if (length % 4 == 1)
        {
            return null;
        }

        var output = new byte[length * 3 / 4];
        int count = 0, bits = 0, filled = 0;
        for (var i = 0; i < length; i++)
        {
            var c = kept[i];
            var value = c is '-' or '_' ? -1 : SixBits(c);
            if (value < 0)
            {
                return null;
            }

            bits = (bits << 6) | value;
            filled += 6;
            if (filled >= 8)
            {
                filled -= 8;
                output[count++] = (byte)((bits >> filled) & 255);
                bits &= (1 << filled) - 1;
            }
        }

        return output.AsSpan(0, count).ToArray();
    }

    private static int SixBits(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' or '-' => 62,
        '/' or '_' => 63,
        _ => -1,
    };

    /// <summary>As Node: pairs up to the first that is not hex.</summary>
    internal static byte[] HexToBytes(string text)
    {
        var output = new byte[text.Length / 2];
        var length = 0;
        for (; length < output.Length; length++)
        {
            var high = Nibble(text[length * 2]);
            var low = Nibble(text[(length * 2) + 1]);
            if (high < 0 || low < 0)
            {
                break;
            }

            output[length] = (byte)((high << 4) | low);
        }

        return output.AsSpan(0, length).ToArray();
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static byte[] Latin1ToBytes(string text)
    {
        var output = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            output[i] = (byte)(text[i] & 255);
        }

        return output;
    }

    /// <summary>
    /// WHATWG decoding, which .NET's decoder follows: each maximal ill-formed subsequence becomes one U+FFFD. Null when
    /// <paramref name="fatal"/> and the bytes are not UTF-8, for the script to throw its TypeError.
    /// </summary>
    private static JsValue Utf8(byte[] bytes, bool fatal)
    {
        if (!fatal)
        {
            return new JsString(LenientUtf8.GetString(bytes));
        }

        try
        {
            return new JsString(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return JsValue.Null;
        }
    }

    private static JsString Latin1(byte[] bytes, byte mask) => new(string.Create(bytes.Length, (bytes, mask), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)(state.bytes[i] & state.mask);
        }
    }));

    private static string Base64(byte[] bytes, bool url, bool pad)
    {
        var text = Convert.ToBase64String(bytes);
        if (url)
        {
            text = text.Replace('+', '-').Replace('/', '_');
        }

        return pad ? text : text.TrimEnd('=');
    }
}

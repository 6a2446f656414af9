using Telltale.Decoding;

namespace Telltale.Probing;

/// <summary>
/// Recognises values computed from the rest of the request, such as the <c>cch=3fa9c1d2e4b5</c> body hash some
/// builds put in the first system block. Such a token changes whenever anything else in the request changes,
/// so per variant it looks exactly like a channel; what gives it away is its shape plus that it never changes
/// on its own.
/// <para>
/// The rule, in full: a change is a token change when, on both sides, the changed text lies inside a token that
/// is high-entropy (<see cref="IsHighEntropy"/>) or a short keyed hash (<see cref="IsKeyedShortHash"/>), both
/// tokens have the same length, as digests and signatures
/// do, and neither decodes (hex or base64) to text, which would make it encoded data rather than a hash. It is
/// then classed derived only when, in the same variant, the same request also has a change that is not a token
/// change. A token that is the only change in its request is reported as a channel, because then nothing else
/// could explain it.
/// </para>
/// <para>
/// Text changes cannot be classed derived: punctuation, spaces and every non-ASCII character break a token,
/// so a swapped apostrophe, a date separator or an invisible character never sits inside one.
/// </para>
/// </summary>
internal static class DerivedTokens
{
    /// <summary>Shortest hex run taken for a hash: 32 bits.</summary>
    public const int MinimumHexLength = 8;

    /// <summary>Shortest hex value taken for a hash when it is the value of a key, as in <c>cch=3fa9c</c>: 20 bits.</summary>
    public const int MinimumKeyedHexLength = 5;

    /// <summary>Shortest base64 or base62 run taken for a hash or signature: about 96 bits.</summary>
    public const int MinimumBase64Length = 16;

    // Shannon entropy per character. Random hex of 8 characters falls below 2.0 bits 1.7% of the time, random
    // base62 of 16 below 3.0 bits almost never; repetitive runs such as "aaaa1111" (1.0) stay out.
    private const double MinimumHexEntropy = 2.0;
    private const double MinimumBase64Entropy = 3.0;

    /// <summary>
    /// Hex of at least 8 characters mixing digits and letters, or base64/base64url/base62 of at least 16 that
    /// mixes upper case, lower case and digits; either way with a spread of characters. Requiring the character
    /// mix keeps out numbers (timestamps, dates written as digits), words and lower-case identifiers such as
    /// model names, at the cost of missing the odd random token that happens to lack a class.
    /// </summary>
    public static bool IsHighEntropy(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length >= MinimumHexLength && token.All(char.IsAsciiHexDigit)
            && token.Any(char.IsAsciiDigit) && token.Any(char.IsAsciiLetter))
        {
            return Entropy(token) >= MinimumHexEntropy;
        }

        var body = token.TrimEnd('=');
        return token.Length >= MinimumBase64Length && token.Length - body.Length <= 2
            && body.All(IsBase64Character)
            && body.Any(char.IsAsciiLetterUpper) && body.Any(char.IsAsciiLetterLower) && body.Any(char.IsAsciiDigit)
            && Entropy(body) >= MinimumBase64Entropy;
    }

    /// <summary>
    /// A hex value too short for <see cref="IsHighEntropy"/> (5 to 7 characters) mixing digits and letters. It
    /// counts only as the value of a key, right after <c>=</c>: the JavaScript build of Claude Code sends
    /// <c>cch=00000</c> as a placeholder of that width for the body hash, and a bare five-character run
    /// elsewhere in text is too likely to be a word or a number.
    /// </summary>
    public static bool IsKeyedShortHash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length is >= MinimumKeyedHexLength and < MinimumHexLength && token.All(char.IsAsciiHexDigit)
            && token.Any(char.IsAsciiDigit) && token.Any(char.IsAsciiLetter);
    }

    /// <summary>
    /// The changes of one old/new pair with every change that sits inside a high-entropy token on both sides
    /// widened to that whole token, the pieces DiffPlex found inside one token merged into one change: two
    /// unrelated hashes share characters by chance, and those shared characters mean nothing.
    /// </summary>
    public static IReadOnlyList<TokenChange> Widen(string oldText, string newText, IReadOnlyList<CodePointChange> changes)
    {
        var a = CodePointDiff.Split(oldText);
        var b = CodePointDiff.Split(newText);
        var widened = new List<TokenChange>(changes.Count);
        (int Start, int Count, int NewStart, int NewCount)? previous = null;
        foreach (var change in changes)
        {
            var oldCount = CodePointDiff.Split(change.OldText).Length;
            var newCount = CodePointDiff.Split(change.NewText).Length;
            if (previous is { } p && change.OldOffset >= p.Start && change.OldOffset + oldCount <= p.Start + p.Count
                && change.NewOffset >= p.NewStart && change.NewOffset + newCount <= p.NewStart + p.NewCount)
            {
                // Inside the tokens already widened, such as a change in base64 padding.
                continue;
            }

            var oldToken = TokenAround(a, change.OldOffset, oldCount);
            var newToken = TokenAround(b, change.NewOffset, newCount);
            if (oldToken is not { } o || newToken is not { } n)
            {
                widened.Add(new TokenChange(change, IsTokenChange: false));
                continue;
            }

            // Changes inside one pair of tokens become one change, whether or not the tokens could be hashes:
            // the characters two encoded values share by chance mean nothing either.
            var whole = CodePointDiff.Change(a, b, o.Start, o.Count, n.Start, n.Count);
            var hashLike = o.Count == n.Count && !DecodesToText(whole.OldText) && !DecodesToText(whole.NewText);
            widened.Add(new TokenChange(whole, IsTokenChange: hashLike));
            previous = (o.Start, o.Count, n.Start, n.Count);
        }

        return widened;
    }

    /// <summary>
    /// The high-entropy token or keyed short hash holding code points [start, start + count), or null. The wide
    /// (base64) reading is tried first so that every change inside one random token widens to the same span; the
    /// narrow (hex) reading then catches a hash glued to words, as in <c>id/3fa9c1d2e4b5/x</c>, and short keyed
    /// hashes.
    /// </summary>
    private static (int Start, int Count)? TokenAround(string[] text, int start, int count)
    {
        foreach (var wide in (bool[])[true, false])
        {
            Func<string, bool> inToken = wide ? IsBase64Piece : IsHexPiece;
            if (!text.Skip(start).Take(count).All(inToken))
            {
                continue;
            }

            var first = start;
            while (first > 0 && inToken(text[first - 1]))
            {
                first--;
            }

            var end = start + count;
            while (end < text.Length && inToken(text[end]))
            {
                end++;
            }

            for (var padding = 0; wide && padding < 2 && end < text.Length && text[end] == "="; padding++)
            {
                end++;
            }

            var token = string.Concat(text.AsSpan(first, end - first));
            if (end > first && IsHighEntropy(token))
            {
                return (first, end - first);
            }

            var keyed = first > 0 && text[first - 1] == "=" && (end == text.Length || !IsBase64Piece(text[end]));
            if (!wide && keyed && IsKeyedShortHash(token))
            {
                return (first, end - first);
            }
        }

        return null;
    }

    /// <summary>
    /// True when the token is hex or base64 (standard or URL-safe) of at least eight bytes of text, such as
    /// base64 of a JSON object: an encoded message that happens to change, not a digest of one.
    /// </summary>
    internal static bool DecodesToText(string token)
    {
        byte[]? bytes = null;
        if (token.Length % 2 == 0 && token.All(char.IsAsciiHexDigit))
        {
            bytes = Convert.FromHexString(token);
        }
        else
        {
            var standard = token.TrimEnd('=').Replace('-', '+').Replace('_', '/');
            standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
            var buffer = new byte[standard.Length];
            if (Convert.TryFromBase64String(standard, buffer, out var written))
            {
                bytes = buffer[..written];
            }
        }

        // Below eight bytes random digests pass for text too often (a few bytes of valid UTF-8 read as a word).
        return bytes is not null && TextPlausibility.IsPlausibleText(bytes, minLength: 8);
    }

    private static bool IsBase64Piece(string piece) => piece.Length == 1 && IsBase64Character(piece[0]);

    private static bool IsHexPiece(string piece) => piece.Length == 1 && char.IsAsciiHexDigit(piece[0]);

    private static bool IsBase64Character(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    private static double Entropy(string text)
    {
        var entropy = 0.0;
        foreach (var group in text.GroupBy(c => c))
        {
            var p = (double)group.Count() / text.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }
}

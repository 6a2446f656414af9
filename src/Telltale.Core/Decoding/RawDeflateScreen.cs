namespace Telltale.Decoding;

/// <summary>
/// Says, without zlib, that a byte string cannot inflate to anything. Raw deflate has no header, so
/// the decoder would otherwise open a native inflater (and usually catch an exception) for every
/// candidate; most candidates are rejected here by the first block's own rules (RFC 1951).
/// </summary>
/// <remarks>
/// The answer "no" is exact: it is given only where zlib either stops with a data error — which
/// <see cref="System.IO.Compression.DeflateStream"/> throws, and the decoder treats as nothing — or
/// where the bytes end before any output. zlib does not report a truncated stream (it emits what it
/// has and waits for more input), so a stream that runs out after some output is always "maybe".
/// Everything the screen cannot decide (after a valid dynamic block header) is "maybe" too.
/// </remarks>
internal static class RawDeflateScreen
{
    private const int StoredBlock = 0;
    private const int FixedHuffmanBlock = 1;
    private const int DynamicHuffmanBlock = 2;

    // RFC 1951 3.2.7: a dynamic block may declare at most 286 literal/length and 30 distance codes.
    private const int MaxLiteralLengthCodes = 286;
    private const int MaxDistanceCodes = 30;

    private static ReadOnlySpan<ushort> LengthBase => [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];

    private static ReadOnlySpan<byte> LengthExtraBits => [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

    private static ReadOnlySpan<ushort> DistanceBase => [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];

    private static ReadOnlySpan<byte> DistanceExtraBits => [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    private enum BlockEnd
    {
        EndOfBlock,
        OutOfInput,
        DataError,
    }

    /// <summary>False only if inflating <paramref name="stream"/> as raw deflate certainly fails or yields no bytes.</summary>
    public static bool MayInflate(ReadOnlySpan<byte> stream)
    {
        var bits = new LsbFirstBitReader(stream);

        // Counts every byte zlib would have written so far: a back-reference further than that is its
        // "invalid distance too far back", and running out of input with nothing written yields nothing.
        long written = 0;
        while (true)
        {
            if (!bits.TryRead(1, out var isFinal) || !bits.TryRead(2, out var blockType))
            {
                return written > 0;
            }

            BlockEnd end;
            switch (blockType)
            {
                case StoredBlock:
                    end = SkipStoredBlock(ref bits, ref written);
                    break;
                case FixedHuffmanBlock:
                    end = WalkFixedHuffmanBlock(ref bits, ref written);
                    break;
                case DynamicHuffmanBlock:
                    // Following a dynamic block would mean building its tables, which is the inflater's own work.
                    return ScreenDynamicBlockHeader(ref bits) switch
                    {
                        BlockEnd.DataError => false,
                        BlockEnd.OutOfInput => written > 0,
                        _ => true,
                    };
                default:
                    return false;
            }

            if (end == BlockEnd.DataError)
            {
                return false;
            }

            if (end == BlockEnd.OutOfInput || isFinal == 1)
            {
                // After the final block zlib stops reading, so whatever follows cannot make it fail.
                return written > 0;
            }
        }
    }

    private static BlockEnd SkipStoredBlock(ref LsbFirstBitReader bits, ref long written)
    {
        bits.SkipToByteBoundary();
        if (!bits.TryRead(16, out var length) || !bits.TryRead(16, out var lengthComplement))
        {
            return BlockEnd.OutOfInput;
        }

        if (length != (~lengthComplement & 0xFFFF))
        {
            return BlockEnd.DataError;
        }

        // zlib copies a stored block as far as the input goes, so a short one still yields its bytes.
        var copied = bits.SkipWholeBytes(length);
        written += copied;
        return copied < length ? BlockEnd.OutOfInput : BlockEnd.EndOfBlock;
    }

    private static BlockEnd WalkFixedHuffmanBlock(ref LsbFirstBitReader bits, ref long written)
    {
        while (true)
        {
            if (!TryReadFixedLiteralLength(ref bits, out var symbol))
            {
                return BlockEnd.OutOfInput;
            }

            if (symbol < 256)
            {
                written++;
                continue;
            }

            if (symbol == 256)
            {
                return BlockEnd.EndOfBlock;
            }

            // 286 and 287 have fixed codes but no meaning; zlib rejects them.
            if (symbol > 285)
            {
                return BlockEnd.DataError;
            }

            var lengthCode = symbol - 257;
            if (!bits.TryRead(LengthExtraBits[lengthCode], out var lengthExtra)
                || !bits.TryReadHuffmanCode(5, out var distanceCode))
            {
                return BlockEnd.OutOfInput;
            }

            if (distanceCode >= DistanceBase.Length)
            {
                return BlockEnd.DataError;
            }

            if (!bits.TryRead(DistanceExtraBits[distanceCode], out var distanceExtra))
            {
                return BlockEnd.OutOfInput;
            }

            if (DistanceBase[distanceCode] + distanceExtra > written)
            {
                return BlockEnd.DataError;
            }

            written += LengthBase[lengthCode] + lengthExtra;
        }
    }

    private static bool TryReadFixedLiteralLength(ref LsbFirstBitReader bits, out int symbol)
    {
        // RFC 1951 3.2.6: 7-bit codes 0..23 are 256..279; 8-bit 48..191 are 0..143 and 192..199 are
        // 280..287; 9-bit 400..511 are 144..255.
        symbol = 0;
        if (!bits.TryReadHuffmanCode(7, out var code))
        {
            return false;
        }

        if (code <= 23)
        {
            symbol = 256 + code;
            return true;
        }

        if (!bits.TryRead(1, out var eighth))
        {
            return false;
        }

        code = (code << 1) | eighth;
        if (code <= 191)
        {
            symbol = code - 48;
            return true;
        }

        if (code <= 199)
        {
            symbol = 280 + code - 192;
            return true;
        }

        if (!bits.TryRead(1, out var ninth))
        {
            return false;
        }

        symbol = 144 + ((code << 1) | ninth) - 400;
        return true;
    }

    private static BlockEnd ScreenDynamicBlockHeader(ref LsbFirstBitReader bits)
    {
        if (!bits.TryRead(5, out var literalLengthCodes) || !bits.TryRead(5, out var distanceCodes) || !bits.TryRead(4, out var codeLengthCodes))
        {
            return BlockEnd.OutOfInput;
        }

        if (literalLengthCodes + 257 > MaxLiteralLengthCodes || distanceCodes + 1 > MaxDistanceCodes)
        {
            return BlockEnd.DataError;
        }

        Span<int> codesOfLength = stackalloc int[8];
        for (var i = 0; i < codeLengthCodes + 4; i++)
        {
            if (!bits.TryRead(3, out var codeLength))
            {
                return BlockEnd.OutOfInput;
            }

            codesOfLength[codeLength]++;
        }

        // zlib's inflate_table accepts no code at all here (it fails later, if ever), but otherwise the
        // code-length code must be complete and not over-subscribed (Kraft sum exactly 1).
        var unused = 1;
        var anyCode = false;
        for (var length = 1; length < codesOfLength.Length; length++)
        {
            unused = (unused << 1) - codesOfLength[length];
            anyCode |= codesOfLength[length] > 0;
            if (unused < 0)
            {
                return BlockEnd.DataError;
            }
        }

        return anyCode && unused > 0 ? BlockEnd.DataError : BlockEnd.EndOfBlock;
    }

    private ref struct LsbFirstBitReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private long _bitPosition;

        public bool TryRead(int count, out int value)
        {
            value = 0;
            if (_bitPosition + count > (long)_bytes.Length * 8)
            {
                return false;
            }

            for (var i = 0; i < count; i++, _bitPosition++)
            {
                value |= ((_bytes[(int)(_bitPosition >> 3)] >> (int)(_bitPosition & 7)) & 1) << i;
            }

            return true;
        }

        /// <summary>Huffman codes are packed starting with their most significant bit (RFC 1951 3.1.1).</summary>
        public bool TryReadHuffmanCode(int length, out int code)
        {
            code = 0;
            if (_bitPosition + length > (long)_bytes.Length * 8)
            {
                return false;
            }

            for (var i = 0; i < length; i++, _bitPosition++)
            {
                code = (code << 1) | ((_bytes[(int)(_bitPosition >> 3)] >> (int)(_bitPosition & 7)) & 1);
            }

            return true;
        }

        public void SkipToByteBoundary() => _bitPosition = (_bitPosition + 7) & ~7L;

        /// <summary>Skips up to <paramref name="count"/> bytes from a byte boundary; returns how many there were.</summary>
        public int SkipWholeBytes(int count)
        {
            var available = (int)Math.Min(count, _bytes.Length - (_bitPosition >> 3));
            _bitPosition += (long)available * 8;
            return available;
        }
    }
}

using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Telltale.Decoding;

/// <summary>
/// Finds indicator strings hidden anywhere in raw bytes under single-byte xor with any key, in one pass.
/// </summary>
/// <remarks>
/// <para>
/// For single-byte xor, <c>y[i] = x[i] ^ x[i+1]</c> does not depend on the key: <c>(a^k) ^ (b^k) = a ^ b</c>.
/// The indicators are transformed the same way once, in the constructor, and the data is transformed on
/// the fly, in registers, as it is searched (no transformed copy is written, so there are no chunk
/// borders to stitch). A candidate's key is <c>data[i] ^ indicator[0]</c>, and every candidate is
/// verified against the original bytes.
/// </para>
/// <para>
/// The search is a Teddy-style filter (as in Hyperscan and .NET's <c>SearchValues&lt;string&gt;</c>):
/// the indicators' first three transformed bytes are spread over 8 buckets, and for each data position
/// three table lookups, one per transformed byte, give the buckets that may start there. With AVX-512
/// VBMI a lookup is one <c>vpermi2b</c> over a 128-entry table (exact byte sets, 64 positions per
/// step); with AVX2 or 128-bit SIMD (SSSE3, Arm64) it is the classic pair of 16-entry nibble lookups;
/// otherwise the same exact tables are read one byte at a time.
/// </para>
/// <para>
/// The loops and the verifier are marked <c>AggressiveOptimization</c>: a scan of one file is often the
/// only one in the process, and under tiered compilation the verifier stayed in tier-0 code for the
/// first ~80 scans of a 13 MB bundle, 1.6x slower.
/// </para>
/// <para>
/// An instance is immutable once built, so one can be shared by many threads and used for many files.
/// <see cref="Scan(ReadOnlySpan{byte})"/> allocates nothing unless it finds something.
/// </para>
/// </remarks>
public sealed class XorSweep
{
    /// <summary>Shortest indicator accepted: three transformed bytes feed the filter.</summary>
    public const int MinIndicatorLength = 4;

    private const int BucketCount = 8;
    private const int DefaultStreamChunkBytes = 4 << 20;

    private readonly XorSweepOptions _options;
    private readonly byte _mask;               // 0xFF, or 0xDF (bit 0x20 ignored) under IgnoreCase
    private readonly uint _fingerprintMask;    // _mask in each of the three low bytes
    private readonly string[] _indicators;
    private readonly byte[][] _indicatorBytes;
    private readonly bool[] _allLetters;
    private readonly int _maxLength;

    private readonly uint[] _groupFingerprint; // distinct first three transformed bytes, little-endian
    private readonly int[][] _groupMembers;    // indicator indices sharing that fingerprint
    private readonly int[][] _bucketGroups;    // groups per bucket
    private readonly byte[] _exactTable;       // [3 × 256] bucket bits per transformed byte, per position

    private readonly Vector512<byte> _v0a, _v0b, _v1a, _v1b, _v2a, _v2b;       // _exactTable[k][0..127] split for vpermi2b
    private readonly Vector128<byte> _lo0, _hi0, _lo1, _hi1, _lo2, _hi2;       // nibble tables

    /// <summary>Builds the tables once; reuse the instance for many scans.</summary>
    /// <param name="indicators">ASCII strings of at least <see cref="MinIndicatorLength"/> bytes; duplicates are merged.</param>
    /// <param name="options">Which keys to report; <see cref="XorSweepOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">An indicator is null, shorter than 4 bytes, or not ASCII.</exception>
    public XorSweep(IEnumerable<string> indicators, XorSweepOptions? options = null)
        : this(indicators, options, XorSweepEngine.Auto)
    {
    }

    internal XorSweep(IEnumerable<string> indicators, XorSweepOptions? options, XorSweepEngine engine)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        _options = options ?? XorSweepOptions.Default;
        _mask = _options.IgnoreCase ? (byte)0xDF : (byte)0xFF;
        _fingerprintMask = _mask * 0x010101u;

        Engine = engine == XorSweepEngine.Auto ? BestEngine() : engine;
        if (!IsSupported(Engine))
        {
            throw new PlatformNotSupportedException($"The {Engine} xor sweep engine is not supported on this machine.");
        }

        var seen = new HashSet<string>(_options.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var indicator in indicators)
        {
            Validate(indicator);
            if (seen.Add(indicator))
            {
                names.Add(indicator);
            }
        }

        _indicators = [.. names];
        _indicatorBytes = new byte[_indicators.Length][];
        _allLetters = new bool[_indicators.Length];
        var groupOf = new Dictionary<uint, int>();
        var members = new List<List<int>>();
        var fingerprints = new List<uint>();
        for (var i = 0; i < _indicators.Length; i++)
        {
            var bytes = new byte[_indicators[i].Length];
            var allLetters = true;
            for (var j = 0; j < bytes.Length; j++)
            {
                bytes[j] = (byte)_indicators[i][j];
                allLetters &= IsAsciiLetter(bytes[j]);
            }

            _indicatorBytes[i] = bytes;
            _allLetters[i] = allLetters;
            _maxLength = Math.Max(_maxLength, bytes.Length);

            var fingerprint = Fingerprint(bytes, 0) & _fingerprintMask;
            if (!groupOf.TryGetValue(fingerprint, out var group))
            {
                group = members.Count;
                groupOf.Add(fingerprint, group);
                members.Add([]);
                fingerprints.Add(fingerprint);
            }

            members[group].Add(i);
        }

        _groupFingerprint = [.. fingerprints];
        _groupMembers = new int[members.Count][];
        for (var g = 0; g < members.Count; g++)
        {
            _groupMembers[g] = [.. members[g]];
        }

        _bucketGroups = AssignBuckets(_groupFingerprint, nibbleFilter: Engine is XorSweepEngine.Vector128 or XorSweepEngine.Vector256);

        _exactTable = new byte[3 * 256];
        Span<byte> lo = stackalloc byte[3 * 16];
        Span<byte> hi = stackalloc byte[3 * 16];
        lo.Clear();
        hi.Clear();
        for (var b = 0; b < BucketCount; b++)
        {
            var bit = (byte)(1 << b);
            foreach (var g in _bucketGroups[b])
            {
                for (var k = 0; k < 3; k++)
                {
                    var value = (byte)(_groupFingerprint[g] >> (8 * k));
                    _exactTable[(k * 256) + value] |= bit;
                    lo[(k * 16) + (value & 0x0F)] |= bit;
                    hi[(k * 16) + (value >> 4)] |= bit;
                }
            }
        }

        // Transformed ASCII is below 0x80, so the first 128 entries of each exact table are all there is.
        _v0a = Vector512.Create(_exactTable.AsSpan(0, 64));
        _v0b = Vector512.Create(_exactTable.AsSpan(64, 64));
        _v1a = Vector512.Create(_exactTable.AsSpan(256, 64));
        _v1b = Vector512.Create(_exactTable.AsSpan(320, 64));
        _v2a = Vector512.Create(_exactTable.AsSpan(512, 64));
        _v2b = Vector512.Create(_exactTable.AsSpan(576, 64));
        _lo0 = Vector128.Create(lo[..16]);
        _hi0 = Vector128.Create(hi[..16]);
        _lo1 = Vector128.Create(lo.Slice(16, 16));
        _hi1 = Vector128.Create(hi.Slice(16, 16));
        _lo2 = Vector128.Create(lo.Slice(32, 16));
        _hi2 = Vector128.Create(hi.Slice(32, 16));
    }

    /// <summary>The distinct indicators searched for, in the order given.</summary>
    public IReadOnlyList<string> Indicators => _indicators;

    /// <summary>The options the tables were built with.</summary>
    public XorSweepOptions Options => _options;

    internal XorSweepEngine Engine { get; }

    /// <summary>
    /// Every place where an indicator stands xor'd with a single-byte key, overlapping hits included,
    /// ordered by offset, then indicator (ordinal). Keys 0 and 0x20 follow <see cref="XorSweepOptions"/>.
    /// </summary>
    public IReadOnlyList<XorSweepHit> Scan(ReadOnlySpan<byte> data)
    {
        var sink = new HitSink();
        ScanWindow(data, ref sink);
        return sink.Finish();
    }

    /// <summary>
    /// Same as <see cref="Scan(ReadOnlySpan{byte})"/> for a stream read to its end in chunks (4 MiB), so
    /// a file of any size is scanned in bounded memory; hits across chunk borders are found once.
    /// </summary>
    public IReadOnlyList<XorSweepHit> Scan(Stream stream) => Scan(stream, DefaultStreamChunkBytes);

    internal IReadOnlyList<XorSweepHit> Scan(Stream stream, int chunkBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var overlap = Math.Max(_maxLength - 1, 0);
        var size = Math.Max(chunkBytes, 1) + overlap;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var sink = new HitSink();
            var carry = 0;
            while (true)
            {
                var read = stream.ReadAtLeast(buffer.AsSpan(carry, size - carry), size - carry, throwOnEndOfStream: false);
                if (read == 0)
                {
                    break; // any carried bytes were scanned with the previous window
                }

                var length = carry + read;
                ScanWindow(buffer.AsSpan(0, length), ref sink);
                var end = sink.Base + length;
                sink.PreviousEnd = end;
                if (read < size - carry)
                {
                    break;
                }

                // The next window starts with this one's last overlap bytes: a hit that did not end inside
                // this window lies whole in the next one, and one that did is skipped there (HitSink.Add).
                carry = Math.Min(overlap, length);
                buffer.AsSpan(length - carry, carry).CopyTo(buffer);
                sink.Base = end - carry;
            }

            return sink.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static XorSweepEngine BestEngine()
    {
        if (IsSupported(XorSweepEngine.Vector512))
        {
            return XorSweepEngine.Vector512;
        }

        if (IsSupported(XorSweepEngine.Vector256))
        {
            return XorSweepEngine.Vector256;
        }

        return IsSupported(XorSweepEngine.Vector128) ? XorSweepEngine.Vector128 : XorSweepEngine.Scalar;
    }

    internal static bool IsSupported(XorSweepEngine engine) => engine switch
    {
        XorSweepEngine.Scalar => true,
        XorSweepEngine.Vector128 => Ssse3.IsSupported || AdvSimd.Arm64.IsSupported,
        XorSweepEngine.Vector256 => Avx2.IsSupported,
        XorSweepEngine.Vector512 => Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated,
        _ => false,
    };

    private static void Validate(string indicator)
    {
        if (indicator is null)
        {
            throw new ArgumentException("An indicator is null.", nameof(indicator));
        }

        if (indicator.Length < MinIndicatorLength)
        {
            throw new ArgumentException($"Indicator \"{indicator}\" is shorter than {MinIndicatorLength} bytes.", nameof(indicator));
        }

        foreach (var c in indicator)
        {
            if (c > 0x7F)
            {
                throw new ArgumentException($"Indicator \"{indicator}\" is not ASCII.", nameof(indicator));
            }
        }
    }

    /// <summary>
    /// Spreads the distinct fingerprints over the buckets greedily, each where it widens the bucket's
    /// byte sets least (identical prefixes such as "Asia/" share a group and cost nothing): fewer false
    /// candidates. The nibble filter pays for distinct nibbles, the exact filter for distinct bytes.
    /// </summary>
    private static int[][] AssignBuckets(uint[] fingerprints, bool nibbleFilter)
    {
        var sets = new ulong[BucketCount, 3, 2]; // byte sets (two 64-bit halves of 0..127) or nibble sets
        var counts = new int[BucketCount];
        var lists = new List<int>[BucketCount];
        for (var b = 0; b < BucketCount; b++)
        {
            lists[b] = [];
        }

        for (var g = 0; g < fingerprints.Length; g++)
        {
            var best = 0;
            var bestIncrease = double.MaxValue;
            for (var b = 0; b < BucketCount; b++)
            {
                var before = counts[b] == 0 ? 0 : Cost(sets, b, fingerprints[g], add: false, nibbleFilter);
                var increase = Cost(sets, b, fingerprints[g], add: true, nibbleFilter) - before;
                if (increase < bestIncrease || (increase == bestIncrease && counts[b] < counts[best]))
                {
                    best = b;
                    bestIncrease = increase;
                }
            }

            for (var k = 0; k < 3; k++)
            {
                var value = (int)((fingerprints[g] >> (8 * k)) & 0xFF);
                if (nibbleFilter)
                {
                    sets[best, k, 0] |= 1UL << (value & 0x0F);
                    sets[best, k, 1] |= 1UL << (value >> 4);
                }
                else
                {
                    sets[best, k, value >> 6] |= 1UL << (value & 63);
                }
            }

            counts[best]++;
            lists[best].Add(g);
        }

        var result = new int[BucketCount][];
        for (var b = 0; b < BucketCount; b++)
        {
            result[b] = [.. lists[b]];
        }

        return result;
    }

    /// <summary>How many byte triples pass the bucket's filter, with or without one more fingerprint.</summary>
    private static double Cost(ulong[,,] sets, int bucket, uint fingerprint, bool add, bool nibbleFilter)
    {
        double cost = 1;
        for (var k = 0; k < 3; k++)
        {
            var value = (int)((fingerprint >> (8 * k)) & 0xFF);
            ulong a = sets[bucket, k, 0], b = sets[bucket, k, 1];
            if (add && nibbleFilter)
            {
                a |= 1UL << (value & 0x0F);
                b |= 1UL << (value >> 4);
            }
            else if (add)
            {
                if (value < 64)
                {
                    a |= 1UL << value;
                }
                else
                {
                    b |= 1UL << (value & 63);
                }
            }

            cost *= nibbleFilter
                ? BitOperations.PopCount(a) * BitOperations.PopCount(b)
                : BitOperations.PopCount(a) + BitOperations.PopCount(b);
        }

        return cost;
    }

    private void ScanWindow(ReadOnlySpan<byte> data, ref HitSink sink)
    {
        if (_indicators.Length == 0 || data.Length < MinIndicatorLength)
        {
            return;
        }

        var position = Engine switch
        {
            XorSweepEngine.Vector512 => ScanVector512(data, ref sink),
            XorSweepEngine.Vector256 => ScanVector256(data, ref sink),
            XorSweepEngine.Vector128 => ScanVector128(data, ref sink),
            _ => 0,
        };
        ScanScalar(data, position, ref sink);
    }

    /// <summary>Positions from <paramref name="start"/> on, one at a time: the fallback, and the tail of the vector loops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanScalar(ReadOnlySpan<byte> data, int start, ref HitSink sink)
    {
        var last = data.Length - MinIndicatorLength;
        if (start > last)
        {
            return;
        }

        // Bounds are checked once here: i + 3 <= data.Length - 1 throughout, and table indices are bytes.
        ref var src = ref MemoryMarshal.GetReference(data);
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(_exactTable);
        ref var t1 = ref Unsafe.Add(ref t0, 256);
        ref var t2 = ref Unsafe.Add(ref t0, 512);
        var mask = _mask;
        nuint y0 = (uint)(Unsafe.Add(ref src, start) ^ Unsafe.Add(ref src, start + 1)) & mask;
        nuint y1 = (uint)(Unsafe.Add(ref src, start + 1) ^ Unsafe.Add(ref src, start + 2)) & mask;
        for (var i = start; i <= last; i++)
        {
            nuint y2 = (uint)(Unsafe.Add(ref src, i + 2) ^ Unsafe.Add(ref src, i + 3)) & mask;
            var buckets = Unsafe.Add(ref t0, y0) & Unsafe.Add(ref t1, y1) & Unsafe.Add(ref t2, y2);
            if (buckets != 0)
            {
                Verify(data, i, buckets, ref sink);
            }

            y0 = y1;
            y1 = y2;
        }
    }

    /// <summary>64 positions per step: three <c>vpermi2b</c> lookups into 128-entry exact tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanVector512(ReadOnlySpan<byte> data, ref HitSink sink)
    {
        ref var src = ref MemoryMarshal.GetReference(data);
        var mask = Vector512.Create(_mask);
        Span<byte> lanes = stackalloc byte[64];
        var i = 0;
        for (; i + 64 + 3 <= data.Length; i += 64)
        {
            var x0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            var x1 = Vector512.LoadUnsafe(ref src, (nuint)i + 1);
            var x2 = Vector512.LoadUnsafe(ref src, (nuint)i + 2);
            var x3 = Vector512.LoadUnsafe(ref src, (nuint)i + 3);
            var y0 = (x0 ^ x1) & mask;
            var y1 = (x1 ^ x2) & mask;
            var y2 = (x2 ^ x3) & mask;
            var buckets = Avx512Vbmi.PermuteVar64x8x2(_v0a, y0, _v0b)
                & Avx512Vbmi.PermuteVar64x8x2(_v1a, y1, _v1b)
                & Avx512Vbmi.PermuteVar64x8x2(_v2a, y2, _v2b);

            // The tables are indexed by the low 7 bits; a transformed byte of 0x80 or more matches nothing.
            var candidates = ~Vector512.Equals(buckets, Vector512<byte>.Zero).ExtractMostSignificantBits()
                & ~(y0 | y1 | y2).ExtractMostSignificantBits();
            if (candidates != 0)
            {
                buckets.CopyTo(lanes);
                do
                {
                    var lane = BitOperations.TrailingZeroCount(candidates);
                    Verify(data, i + lane, lanes[lane], ref sink);
                    candidates &= candidates - 1;
                }
                while (candidates != 0);
            }
        }

        return i;
    }

    /// <summary>32 positions per step: Teddy nibble lookups with <c>vpshufb</c> (tables repeated in both lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanVector256(ReadOnlySpan<byte> data, ref HitSink sink)
    {
        ref var src = ref MemoryMarshal.GetReference(data);
        var mask = Vector256.Create(_mask);
        var low = Vector256.Create((byte)0x0F);
        Vector256<byte> lo0 = Vector256.Create(_lo0, _lo0), hi0 = Vector256.Create(_hi0, _hi0);
        Vector256<byte> lo1 = Vector256.Create(_lo1, _lo1), hi1 = Vector256.Create(_hi1, _hi1);
        Vector256<byte> lo2 = Vector256.Create(_lo2, _lo2), hi2 = Vector256.Create(_hi2, _hi2);
        Span<byte> lanes = stackalloc byte[32];
        var i = 0;
        for (; i + 32 + 3 <= data.Length; i += 32)
        {
            var x0 = Vector256.LoadUnsafe(ref src, (nuint)i);
            var x1 = Vector256.LoadUnsafe(ref src, (nuint)i + 1);
            var x2 = Vector256.LoadUnsafe(ref src, (nuint)i + 2);
            var x3 = Vector256.LoadUnsafe(ref src, (nuint)i + 3);
            var y0 = (x0 ^ x1) & mask;
            var y1 = (x1 ^ x2) & mask;
            var y2 = (x2 ^ x3) & mask;
            var buckets = Avx2.Shuffle(lo0, y0 & low) & Avx2.Shuffle(hi0, Vector256.ShiftRightLogical(y0.AsUInt16(), 4).AsByte() & low)
                & Avx2.Shuffle(lo1, y1 & low) & Avx2.Shuffle(hi1, Vector256.ShiftRightLogical(y1.AsUInt16(), 4).AsByte() & low)
                & Avx2.Shuffle(lo2, y2 & low) & Avx2.Shuffle(hi2, Vector256.ShiftRightLogical(y2.AsUInt16(), 4).AsByte() & low);
            var candidates = ~Vector256.Equals(buckets, Vector256<byte>.Zero).ExtractMostSignificantBits();
            if (candidates != 0)
            {
                buckets.CopyTo(lanes);
                do
                {
                    var lane = BitOperations.TrailingZeroCount(candidates);
                    Verify(data, i + lane, lanes[lane], ref sink);
                    candidates &= candidates - 1;
                }
                while (candidates != 0);
            }
        }

        return i;
    }

    /// <summary>16 positions per step: Teddy nibble lookups with <c>pshufb</c> (x86) or <c>tbl</c> (Arm64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanVector128(ReadOnlySpan<byte> data, ref HitSink sink)
    {
        ref var src = ref MemoryMarshal.GetReference(data);
        var mask = Vector128.Create(_mask);
        var low = Vector128.Create((byte)0x0F);
        Vector128<byte> lo0 = _lo0, hi0 = _hi0, lo1 = _lo1, hi1 = _hi1, lo2 = _lo2, hi2 = _hi2;
        Span<byte> lanes = stackalloc byte[16];
        var i = 0;
        for (; i + 16 + 3 <= data.Length; i += 16)
        {
            var x0 = Vector128.LoadUnsafe(ref src, (nuint)i);
            var x1 = Vector128.LoadUnsafe(ref src, (nuint)i + 1);
            var x2 = Vector128.LoadUnsafe(ref src, (nuint)i + 2);
            var x3 = Vector128.LoadUnsafe(ref src, (nuint)i + 3);
            var y0 = (x0 ^ x1) & mask;
            var y1 = (x1 ^ x2) & mask;
            var y2 = (x2 ^ x3) & mask;
            var buckets = Vector128.ShuffleNative(lo0, y0 & low) & Vector128.ShuffleNative(hi0, Vector128.ShiftRightLogical(y0, 4))
                & Vector128.ShuffleNative(lo1, y1 & low) & Vector128.ShuffleNative(hi1, Vector128.ShiftRightLogical(y1, 4))
                & Vector128.ShuffleNative(lo2, y2 & low) & Vector128.ShuffleNative(hi2, Vector128.ShiftRightLogical(y2, 4));
            var candidates = ~Vector128.Equals(buckets, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFFu;
            if (candidates != 0)
            {
                buckets.CopyTo(lanes);
                do
                {
                    var lane = BitOperations.TrailingZeroCount(candidates);
                    Verify(data, i + lane, lanes[lane], ref sink);
                    candidates &= candidates - 1;
                }
                while (candidates != 0);
            }
        }

        return i;
    }

    /// <summary>A filter candidate: exact fingerprint per group in the flagged buckets, then each member against the raw bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void Verify(ReadOnlySpan<byte> data, int position, int buckets, ref HitSink sink)
    {
        var fingerprint = Fingerprint(data, position) & _fingerprintMask;
        while (buckets != 0)
        {
            var bucket = BitOperations.TrailingZeroCount(buckets);
            buckets &= buckets - 1;
            foreach (var group in _bucketGroups[bucket])
            {
                if (_groupFingerprint[group] != fingerprint)
                {
                    continue;
                }

                foreach (var indicator in _groupMembers[group])
                {
                    if (_options.IgnoreCase)
                    {
                        MatchIgnoringCase(data, position, indicator, ref sink);
                    }
                    else
                    {
                        MatchExact(data, position, indicator, ref sink);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MatchExact(ReadOnlySpan<byte> data, int position, int indicator, ref HitSink sink)
    {
        var expected = _indicatorBytes[indicator];
        if (position + expected.Length > data.Length)
        {
            return;
        }

        var key = (byte)(data[position] ^ expected[0]);
        for (var j = 1; j < expected.Length; j++)
        {
            if ((byte)(data[position + j] ^ key) != expected[j])
            {
                return;
            }
        }

        if ((key == 0 && !_options.IncludePlain) || (key == 0x20 && _options.IgnoreCaseFlip && _allLetters[indicator]))
        {
            return;
        }

        sink.Add(position, expected.Length, key, _indicators[indicator]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MatchIgnoringCase(ReadOnlySpan<byte> data, int position, int indicator, ref HitSink sink)
    {
        var expected = _indicatorBytes[indicator];
        if (position + expected.Length > data.Length)
        {
            return;
        }

        // The key that decodes the first character as written, and, for a letter, the one that decodes its other case.
        var key = (byte)(data[position] ^ expected[0]);
        var asWritten = DecodesIgnoringCase(data.Slice(position, expected.Length), expected, key);
        var otherCase = IsAsciiLetter(expected[0]) && DecodesIgnoringCase(data.Slice(position, expected.Length), expected, (byte)(key ^ 0x20));
        if (!asWritten && !otherCase)
        {
            return;
        }

        if ((asWritten && key == 0) || (otherCase && key == 0x20))
        {
            if (_options.IncludePlain)
            {
                sink.Add(position, expected.Length, 0, _indicators[indicator]);
            }

            return;
        }

        sink.Add(position, expected.Length, asWritten ? key : (byte)(key ^ 0x20), _indicators[indicator]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DecodesIgnoringCase(ReadOnlySpan<byte> hidden, byte[] expected, byte key)
    {
        for (var j = 0; j < expected.Length; j++)
        {
            var decoded = (byte)(hidden[j] ^ key);
            if (decoded != expected[j] && !(IsAsciiLetter(expected[j]) && decoded == (expected[j] ^ 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The three transformed bytes at <paramref name="position"/>, first in the low byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Fingerprint(ReadOnlySpan<byte> data, int position) =>
        (uint)(data[position] ^ data[position + 1])
        | ((uint)(data[position + 1] ^ data[position + 2]) << 8)
        | ((uint)(data[position + 2] ^ data[position + 3]) << 16);

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>Collects hits; in a stream window, skips those that already lay whole in the previous window.</summary>
    private struct HitSink
    {
        public List<XorSweepHit>? Hits;
        public long Base;         // offset of the window's first byte
        public long PreviousEnd;  // end of the previous window (0 for the first)

        public void Add(int position, int length, byte key, string indicator)
        {
            var offset = Base + position;
            if (offset + length <= PreviousEnd)
            {
                return;
            }

            (Hits ??= []).Add(new XorSweepHit(offset, key, indicator));
        }

        public readonly IReadOnlyList<XorSweepHit> Finish()
        {
            if (Hits is null)
            {
                return Array.Empty<XorSweepHit>();
            }

            Hits.Sort(static (a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : string.CompareOrdinal(a.Indicator, b.Indicator));
            return Hits;
        }
    }
}

/// <summary>Which filter loop <see cref="XorSweep"/> runs; <see cref="Auto"/> picks the widest the machine has.</summary>
internal enum XorSweepEngine
{
    Auto,
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

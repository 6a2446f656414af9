using System.Buffers.Binary;

namespace Telltale.Artifacts.Native;

/// <summary>
/// One fixed-size header record in the file's byte order. Readers take a record only after
/// <see cref="TryRead"/> has checked that all of it lies in the file, so a field read can only miss when
/// a reader asks for an offset outside its own record; that yields 0 rather than an exception, because
/// the scanner must never throw on a hostile file.
/// </summary>
internal readonly ref struct NativeFields
{
    private readonly ReadOnlySpan<byte> bytes;
    private readonly bool bigEndian;

    public NativeFields(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        this.bytes = bytes;
        this.bigEndian = bigEndian;
    }

    public int Length => bytes.Length;

    /// <summary>The record at <paramref name="offset"/> when all <paramref name="length"/> bytes of it are in <paramref name="content"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> content, ulong offset, int length, bool bigEndian, out NativeFields fields)
    {
        if (length < 0 || !NativeBounds.Fits(offset, (ulong)length, content.Length))
        {
            fields = default;
            return false;
        }

        fields = new NativeFields(content.Slice((int)offset, length), bigEndian);
        return true;
    }

    public ushort U16(int at)
    {
        if (!Has(at, 2))
        {
            return 0;
        }

        var field = bytes.Slice(at, 2);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt16LittleEndian(field);
    }

    public uint U32(int at)
    {
        if (!Has(at, 4))
        {
            return 0;
        }

        var field = bytes.Slice(at, 4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field);
    }

    public ulong U64(int at)
    {
        if (!Has(at, 8))
        {
            return 0;
        }

        var field = bytes.Slice(at, 8);
        return bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(field) : BinaryPrimitives.ReadUInt64LittleEndian(field);
    }

    /// <summary>An address-sized field: 8 bytes in 64-bit formats, 4 in 32-bit ones.</summary>
    public ulong Word(int at, bool wide) => wide ? U64(at) : U32(at);

    public ReadOnlySpan<byte> Bytes(int at, int length) => Has(at, length) ? bytes.Slice(at, length) : [];

    private bool Has(int at, int length) => at >= 0 && length >= 0 && at <= bytes.Length - length;
}

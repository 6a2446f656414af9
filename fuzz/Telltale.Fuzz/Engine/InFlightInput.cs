using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;

namespace Telltale.Fuzz.Engine;

/// <summary>
/// The input being run, kept in a memory-mapped file: a stack overflow or a fatal error ends the process
/// without any handler running, but the page cache still writes the mapping out, so the next run finds
/// the input that killed the last one. Writing to the mapping costs a copy, not a system call.
/// </summary>
/// <remarks>Layout: int32 input length (-1 when idle), int32 target-name length, the name (UTF-8), the input.</remarks>
public sealed unsafe class InFlightInput : IDisposable
{
    private const int HeaderBytes = 8;
    private const int MaxNameBytes = 256;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _capacity;

    private InFlightInput(string path, long capacity)
    {
        _capacity = capacity;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.OpenOrCreate, null, capacity, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>The input a previous process died on, or null when it ended cleanly (or never ran).</summary>
    public static (string Target, byte[] Input)? ReadLeftOver(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (length < 0 || nameLength is < 0 or > MaxNameBytes || (long)HeaderBytes + MaxNameBytes + length > bytes.Length)
        {
            return null;
        }

        var name = Encoding.UTF8.GetString(bytes, HeaderBytes, nameLength);
        return (name, bytes.AsSpan(HeaderBytes + MaxNameBytes, length).ToArray());
    }

    /// <summary>Opens (or creates) the file; it keeps the largest size any target asked for, since a mapping cannot shrink its file.</summary>
    public static InFlightInput Open(string path, int maxInputBytes)
    {
        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        return new(path, Math.Max(existing, HeaderBytes + MaxNameBytes + (long)maxInputBytes));
    }

    public void Begin(string target, ReadOnlySpan<byte> input)
    {
        var length = (long)Math.Min(input.Length, _capacity - HeaderBytes - MaxNameBytes);
        var span = new Span<byte>(_base, (int)Math.Min(_capacity, int.MaxValue));
        var name = Encoding.UTF8.GetBytes(target);
        var nameLength = Math.Min(name.Length, MaxNameBytes);
        name.AsSpan(0, nameLength).CopyTo(span[HeaderBytes..]);
        input[..(int)length].CopyTo(span[(HeaderBytes + MaxNameBytes)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], nameLength);
        BinaryPrimitives.WriteInt32LittleEndian(span, (int)length);
    }

    public void End() => MemoryMarshal.Write(new Span<byte>(_base, 4), -1);

    public void Dispose()
    {
        End();
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}

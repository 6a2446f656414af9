using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Telltale.Artifacts;

/// <summary>
/// A file's bytes as <see cref="Memory{T}"/> over a read-only memory mapping: a 400 MB executable is
/// paged in by the kernel as the stages read it, and every entry cut from it is a slice, not a copy.
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private bool _disposed;

    private MappedFileMemory(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    /// <summary>Maps the first <paramref name="length"/> bytes of the file (at most <see cref="Array.MaxLength"/>).</summary>
    public static MappedFileMemory Map(string path, long length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var file = MemoryMappedFile.CreateFromFile(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedFileMemory(file, view, (int)length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new Span<byte>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
        // The mapping does not move; it lives until the manager is disposed.
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}

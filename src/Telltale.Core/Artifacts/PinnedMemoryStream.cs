using System.Buffers;

namespace Telltale.Artifacts;

/// <summary>A read-only stream over memory that is not an array (a file mapping), pinned while the stream is open.</summary>
internal sealed unsafe class PinnedMemoryStream : UnmanagedMemoryStream
{
    private MemoryHandle _handle;

    public PinnedMemoryStream(ReadOnlyMemory<byte> memory)
    {
        _handle = memory.Pin();
        Initialize((byte*)_handle.Pointer, memory.Length, memory.Length, FileAccess.Read);
    }

    protected override void Dispose(bool disposing)
    {
        _handle.Dispose();
        base.Dispose(disposing);
    }
}

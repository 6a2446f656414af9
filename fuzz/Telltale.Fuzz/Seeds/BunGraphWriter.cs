using System.Buffers.Binary;
using System.Text;

namespace Telltale.Fuzz.Seeds;

// Adapted from tests/Telltale.Core.Tests/Artifacts/Native (the fuzzer must not depend on the test project).
/// <summary>
/// Writes a Bun module graph by hand, the way <c>StandaloneModuleGraph.toBytes</c> lays it out (strings,
/// then the module records, then the offsets record and the trailer), for the layouts real builds do not
/// give us on demand: older record and offsets sizes, bytecode-only modules, damaged pointers.
/// </summary>
internal sealed class BunGraphWriter
{
    public const string Trailer = "\n---- Bun! ----\n";

    private readonly List<BunSeedModule> _modules = [];

    /// <summary>36 (Bun 1.1), 44 or 52 (Bun 1.2+: module info and bytecode origin path).</summary>
    public int RecordSize { get; init; } = 52;

    /// <summary>32 with exec argv and flags, 24 without.</summary>
    public int OffsetsSize { get; init; } = 32;

    public int EntryPointId { get; init; }

    public BunGraphWriter Add(BunSeedModule module)
    {
        _modules.Add(module);
        return this;
    }

    /// <summary>The graph with its offsets record and trailer; <paramref name="recordsAt"/> receives where the module records start.</summary>
    public byte[] Write(out int recordsAt)
    {
        var data = new List<byte>();
        var pointers = new List<(uint Name, uint NameLength, uint Contents, uint ContentsLength, uint Bytecode, uint BytecodeLength)>();
        uint sharedBytecodeStart = 0;
        var sharedBytecode = _modules.Where(m => m.SharedBytecode is not null).Select(m => m.SharedBytecode!).FirstOrDefault();
        if (sharedBytecode is not null)
        {
            sharedBytecodeStart = (uint)data.Count;
            data.AddRange(sharedBytecode);
        }

        foreach (var module in _modules)
        {
            var name = (uint)data.Count;
            data.AddRange(Encoding.UTF8.GetBytes(module.Name));
            data.Add(0);
            var contents = (uint)data.Count;
            data.AddRange(module.Contents);
            data.Add(0);
            uint bytecode = 0, bytecodeLength = 0;
            if (module.Bytecode is { } own)
            {
                bytecode = (uint)data.Count;
                bytecodeLength = (uint)own.Length;
                data.AddRange(own);
            }
            else if (module.SharedBytecodeOffset is { } offset)
            {
                // Newer builds: every module points at its start in one blob and runs to the blob's end.
                bytecode = sharedBytecodeStart + (uint)offset;
                bytecodeLength = (uint)(sharedBytecode!.Length - offset);
            }

            pointers.Add((name, (uint)module.Name.Length, contents, (uint)module.Contents.Length, bytecode, bytecodeLength));
        }

        recordsAt = data.Count;
        for (var i = 0; i < _modules.Count; i++)
        {
            var record = new byte[RecordSize];
            var p = pointers[i];
            BinaryPrimitives.WriteUInt32LittleEndian(record, p.Name);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), p.NameLength);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), p.Contents);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), p.ContentsLength);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), p.Bytecode);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(28), p.BytecodeLength);
            var flags = RecordSize - 4;
            record[flags] = _modules[i].Encoding;
            record[flags + 1] = _modules[i].Loader;
            record[flags + 2] = 2;
            data.AddRange(record);
        }

        var byteCount = (ulong)data.Count;
        var offsets = new byte[OffsetsSize];
        BinaryPrimitives.WriteUInt64LittleEndian(offsets, byteCount);
        BinaryPrimitives.WriteUInt32LittleEndian(offsets.AsSpan(8), (uint)recordsAt);
        BinaryPrimitives.WriteUInt32LittleEndian(offsets.AsSpan(12), (uint)(_modules.Count * RecordSize));
        BinaryPrimitives.WriteUInt32LittleEndian(offsets.AsSpan(16), (uint)EntryPointId);
        data.AddRange(offsets);
        data.AddRange(Encoding.ASCII.GetBytes(Trailer));
        return [.. data];
    }

    /// <summary>A host executable with the graph appended, as Bun did before it wrote a section.</summary>
    public byte[] AppendTo(byte[] host) => [.. host, .. Write(out _)];
}

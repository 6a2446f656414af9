using System.Buffers.Binary;
using System.Text;

namespace Telltale.Fuzz.Seeds;

// Adapted from tests/Telltale.Core.Tests/Artifacts/Native (the fuzzer must not depend on the test project).
/// <summary>
/// Writes SEA preparation blobs the way each Node version's <c>SeaSerializer::Write</c> (src/node_sea.cc)
/// does, for the versions this machine's Node cannot produce. It also records where every length field
/// starts, so robustness tests can damage exactly those.
/// </summary>
internal sealed class NodeSeaBlobWriter
{
    public const uint Magic = 0x0143DA20;

    /// <summary>Length of the header: 8 (magic, flags), 9 (+ exec-argv extension), 10 (+ main format).</summary>
    public int HeaderBytes { get; init; } = 8;

    /// <summary><c>sizeof(size_t)</c> of the Node that reads the blob: 8, or 4 on 32-bit builds.</summary>
    public int SizeBytes { get; init; } = 8;

    /// <summary>False for Node 20.3–20.5, which wrote no code path.</summary>
    public bool HasCodePath { get; init; } = true;

    /// <summary>Node 20.0–20.1 (magic then code) and 20.2 (magic, flags, then code): no length fields at all.</summary>
    public RawLayout Raw { get; init; } = RawLayout.None;

    public string CodePath { get; init; } = "app.js";

    public byte[] Main { get; init; } = Encoding.UTF8.GetBytes("console.log('hi');\n");

    public bool DisableWarning { get; init; } = true;

    public bool UseSnapshot { get; init; }

    public byte[]? CodeCache { get; init; }

    public IReadOnlyList<(string Key, byte[] Content)> Assets { get; init; } = [];

    public IReadOnlyList<string> ExecArgv { get; init; } = [];

    public byte ExecArgvExtension { get; init; } = 1;

    public byte MainFormat { get; init; }

    /// <summary>Extra flag bits to set, e.g. bits a future Node may define.</summary>
    public uint ExtraFlags { get; init; }

    /// <summary>Offsets of the length and count fields in the last blob written.</summary>
    public List<int> LengthFields { get; } = [];

    public enum RawLayout
    {
        None,
        MagicThenCode,
        FlagsThenCode,
    }

    public uint Flags =>
        (DisableWarning ? 1u : 0) | (UseSnapshot ? 2u : 0) | (CodeCache is null ? 0 : 4u)
        | (Assets.Count > 0 ? 8u : 0) | (ExecArgv.Count > 0 ? 16u : 0) | ExtraFlags;

    public byte[] Write()
    {
        LengthFields.Clear();
        var blob = new List<byte>();
        Append(blob, BitConverter.GetBytes(Magic));
        if (Raw == RawLayout.MagicThenCode)
        {
            blob.AddRange(Main);
            return [.. blob];
        }

        Append(blob, BitConverter.GetBytes(Flags));
        if (Raw == RawLayout.FlagsThenCode)
        {
            blob.AddRange(Main);
            return [.. blob];
        }

        if (HeaderBytes >= 9)
        {
            blob.Add(ExecArgvExtension);
        }

        if (HeaderBytes >= 10)
        {
            blob.Add(MainFormat);
        }

        if (HasCodePath)
        {
            Bytes(blob, Encoding.UTF8.GetBytes(CodePath));
        }

        Bytes(blob, Main);
        if (CodeCache is not null)
        {
            Bytes(blob, CodeCache);
        }

        if (Assets.Count > 0)
        {
            Size(blob, (ulong)Assets.Count);
            foreach (var (key, content) in Assets)
            {
                Bytes(blob, Encoding.UTF8.GetBytes(key));
                Bytes(blob, content);
            }
        }

        if (ExecArgv.Count > 0)
        {
            Size(blob, (ulong)ExecArgv.Count);
            foreach (var argument in ExecArgv)
            {
                Bytes(blob, Encoding.UTF8.GetBytes(argument));
            }
        }

        return [.. blob];
    }

    private void Bytes(List<byte> blob, byte[] value)
    {
        Size(blob, (ulong)value.Length);
        blob.AddRange(value);
    }

    private void Size(List<byte> blob, ulong value)
    {
        LengthFields.Add(blob.Count);
        var bytes = new byte[SizeBytes];
        if (SizeBytes == 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, checked((uint)value));
        }

        blob.AddRange(bytes);
    }

    private static void Append(List<byte> blob, byte[] bytes) => blob.AddRange(bytes);
}

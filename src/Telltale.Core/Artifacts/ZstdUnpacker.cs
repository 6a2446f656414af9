using ZstdSharp;

namespace Telltale.Artifacts;

/// <summary>
/// One zstd-compressed file (Bun executables store assets this way) as the one entry it inflates to,
/// named without its <c>.zst</c>. The output is held against the compression ratio and entry limits
/// like any archive's.
/// </summary>
public sealed class ZstdUnpacker : IUnpacker
{
    private static ReadOnlySpan<byte> Magic => [0x28, 0xB5, 0x2F, 0xFD];

    public string Format => "zstd";

    public bool CanUnpack(string name, ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context)
    {
        var fileName = container.Name[(container.Name.LastIndexOf('/') + 1)..];
        var name = fileName.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) && fileName.Length > 4 ? fileName[..^4] : fileName;
        var path = EntryNames.Join(container, name);
        var budget = new InflationBudget(container.Content.Length, context.Limits);

        // The frame header may declare the size; it only sizes the first buffer, the data decides the rest.
        var declared = DeclaredSize(container.Content.Span);
        var limit = context.Limits.MaxEntryBytes;
        ReadOnlyMemory<byte>? data;
        try
        {
            using var stream = new InflationGuardStream(new DecompressionStream(StreamReading.Open(container.Content)), budget, context.CancellationToken);
            data = StreamReading.ReadAtMost(stream, limit, declared ?? container.Content.Length * 4L);
        }
        catch (InvalidDataException) when (budget.Exceeded)
        {
            context.Refuse(EntryNames.Join(container, name), RefusalKind.CompressionRatio, budget.Describe());
            yield break;
        }
        catch (Exception ex) when (ex is ZstdException or EndOfStreamException or InvalidDataException)
        {
            // A damaged or cut frame is a refusal like any corrupt archive's, not an exception for the caller.
            context.Refuse(container.Path.Length == 0 ? container.Name : container.Path, RefusalKind.Corrupt, $"corrupt or truncated zstd: {EntryNames.OneLine(ex.Message)}");
            yield break;
        }

        if (data is null)
        {
            context.Refuse(path, RefusalKind.EntryTooLarge, $"zstd data inflates past {limit} bytes; not read");
            yield break;
        }

        if (!context.TryReserve(path, data.Value.Length))
        {
            yield break;
        }

        yield return new ArtifactEntry
        {
            Path = path,
            Name = name,
            Content = data.Value,
            Kind = EntryClassifier.Classify(name, data.Value.Span),
            Depth = container.Depth + 1,
            Parent = container,
        };
    }

    private static long? DeclaredSize(ReadOnlySpan<byte> frame)
    {
        try
        {
            var size = Decompressor.GetDecompressedSize(frame);
            return size is > 0 and < long.MaxValue ? (long)size : null;
        }
        catch (ZstdException)
        {
            return null;
        }
    }
}

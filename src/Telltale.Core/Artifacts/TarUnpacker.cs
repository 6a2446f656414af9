using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Telltale.Artifacts;

/// <summary>
/// Tar and gzip-compressed tar (npm tarballs). A gzip stream that does not hold a tar is unpacked as
/// its single decompressed file, since payloads are often hidden as plain <c>.gz</c> blobs.
/// </summary>
public sealed class TarUnpacker : IUnpacker
{
    // A 10-byte header, the smallest deflate block and the 8-byte trailer.
    private const int MinimumGzipLength = 20;

    public string Format => "tar";

    public bool CanUnpack(string name, ReadOnlySpan<byte> head)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IsGzip(head)
            || TarHeaders.HasUstarMagic(head)
            || (name.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) && TarHeaders.HasValidChecksum(head));
    }

    public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(context);
        return Enumerate(container, context);
    }

    internal static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8;

    private static IEnumerable<ArtifactEntry> Enumerate(ArtifactEntry container, UnpackContext context)
    {
        using var reader = new Reader(container, context);
        while (reader.Next() is { } entry)
        {
            yield return entry;
        }
    }

    /// <summary>
    /// Steps through the archive with every failure turned into a refusal; kept apart from the iterator
    /// because C# cannot yield from inside a try block that has a catch.
    /// </summary>
    private sealed class Reader(ArtifactEntry container, UnpackContext context) : IDisposable
    {
        private readonly string _label = container.Path.Length == 0 ? container.Name : container.Path;
        private InflationBudget? _budget;
        private InflationGuardStream? _stream;
        private TarReader? _tar;
        private bool _opened;
        private bool _singleGzip;
        private bool _done;

        public ArtifactEntry? Next()
        {
            if (_done)
            {
                return null;
            }

            try
            {
                if (!_opened)
                {
                    _opened = true;
                    Open();
                }

                if (_singleGzip)
                {
                    _done = true;
                    return ReadSingleGzip();
                }

                return NextTarEntry();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _done = true;
                if (_budget is { Exceeded: true })
                {
                    context.Refuse(_label, RefusalKind.CompressionRatio, _budget.Describe());
                }
                else
                {
                    context.RefuseCorrupt(container, _label, $"corrupt or truncated {(_singleGzip ? "gzip" : IsGzip(container.Content.Span) ? "tar.gz" : "tar")}: {EntryNames.OneLine(ex.Message)}");
                }

                return null;
            }
        }

        private void Open()
        {
            var content = container.Content;
            _budget = new InflationBudget(content.Length, context.Limits);
            if (!IsGzip(content.Span))
            {
                // Not seekable on purpose: a seekable stream lets TarReader seek past a declared size before
                // we see the header, and the gzip and plain paths should meet hostile headers the same way.
                _stream = new InflationGuardStream(StreamReading.Open(content), _budget, context.CancellationToken);
                _tar = new TarReader(_stream, leaveOpen: true);
                return;
            }

            if (content.Length < MinimumGzipLength)
            {
                throw new InvalidDataException($"{content.Length} bytes is too short for a gzip stream");
            }

            var head = new byte[TarHeaders.BlockSize];
            int headLength;
            using (var probe = new GZipStream(StreamReading.Open(content), CompressionMode.Decompress))
            {
                headLength = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            _singleGzip = headLength < TarHeaders.BlockSize
                || !(TarHeaders.HasUstarMagic(head) || TarHeaders.HasValidChecksum(head) || TarHeaders.IsZeroBlock(head));
            _stream = new InflationGuardStream(
                new GZipStream(StreamReading.Open(content), CompressionMode.Decompress), _budget, context.CancellationToken);
            if (!_singleGzip)
            {
                _tar = new TarReader(_stream, leaveOpen: true);
            }
        }

        /// <summary>
        /// The BCL's GZipStream ends quietly on truncated input and never checks the trailer, so the
        /// trailer's ISIZE (length modulo 4 GiB) is compared here once the stream is drained.
        /// </summary>
        private void CheckGzipTrailer()
        {
            var span = container.Content.Span;
            if (!IsGzip(span))
            {
                return;
            }

            var buffer = new byte[1 << 16];
            while (_stream!.Read(buffer) > 0)
            {
            }

            var declared = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
            if ((uint)_budget!.UnpackedBytes != declared)
            {
                throw new InvalidDataException(
                    $"gzip stream is truncated or damaged: it inflates to {_budget.UnpackedBytes} bytes but its trailer says {declared}");
            }
        }

        private ArtifactEntry? NextTarEntry()
        {
            while (true)
            {
                if (context.EntryLimitReached)
                {
                    _done = true;
                    return null;
                }

                var entry = _tar!.GetNextEntry(copyData: false);
                if (entry is null)
                {
                    _done = true;
                    CheckGzipTrailer();
                    return null;
                }

                var raw = entry.Name;
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        var what = entry.EntryType == TarEntryType.SymbolicLink ? "symbolic link" : "hard link";
                        context.Refuse(EntryNames.Join(container, EntryNames.Printable(raw)), RefusalKind.Link,
                            $"{what} to '{EntryNames.Printable(entry.LinkName)}' is not followed");
                        continue;
                    default:
                        // Directories, devices, FIFOs and metadata entries carry no file content.
                        continue;
                }

                var name = EntryNames.Normalise(raw, out var problem);
                if (name is null)
                {
                    context.Refuse(EntryNames.Join(container, EntryNames.Printable(raw)), RefusalKind.PathTraversal, $"{problem}; entry not read");
                    continue;
                }

                if (raw.EndsWith('/') && entry.Length == 0)
                {
                    continue; // a pre-POSIX tar marks directories with a trailing slash only
                }

                var path = EntryNames.Join(container, name);
                // Only inflation can make a ratio; a plain tar's sizes are checked by TryReserve and the read.
                if (IsGzip(container.Content.Span) && _budget!.WouldExceed(entry.Length))
                {
                    context.Refuse(_label, RefusalKind.CompressionRatio, _budget.Describe());
                    _done = true;
                    return null;
                }

                if (!context.TryReserve(path, entry.Length))
                {
                    continue;
                }

                var data = entry.DataStream is null
                    ? ReadOnlyMemory<byte>.Empty
                    : StreamReading.ReadAtMost(entry.DataStream, entry.Length, entry.Length);
                if (data is null)
                {
                    context.Refuse(path, RefusalKind.EntryTooLarge, $"entry holds more than the {entry.Length} bytes its header declares");
                    continue;
                }

                if (data.Value.Length < entry.Length)
                {
                    // The archive ended inside this entry: what follows is not there to read, but what is there
                    // is what a lenient extractor (node-tar warns and writes it) leaves on disk, so it is scanned.
                    context.ReturnUnused(entry.Length, data.Value.Length);
                    _done = true;
                    context.RefuseCorrupt(container, path, $"truncated: {data.Value.Length} of the {entry.Length} bytes the header declares; those are scanned");
                    return data.Value.Length == 0 ? null : Create(path, name, data.Value);
                }

                return Create(path, name, data.Value);
            }
        }

        private ArtifactEntry? ReadSingleGzip()
        {
            var fileName = container.Name[(container.Name.LastIndexOf('/') + 1)..];
            var name = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && fileName.Length > 3 ? fileName[..^3] : fileName;
            var path = EntryNames.Join(container, name);

            // The trailer's ISIZE is the only size declared up front; it is modulo 4 GiB, so it can only
            // understate, and more data than it says is refused below.
            long declared = BinaryPrimitives.ReadUInt32LittleEndian(container.Content.Span[^4..]);
            if (declared > context.Limits.MaxEntryBytes)
            {
                // A cut stream ends in whatever bytes the cut left, so a trailer past every limit is as likely
                // damage as a bomb: the data, read no further than the limit, tells which.
                var probe = StreamReading.ReadAtMost(_stream!, context.Limits.MaxEntryBytes, 1 << 20);
                if (probe is not null)
                {
                    context.RefuseCorrupt(container, _label,
                        $"gzip stream is truncated or damaged: it inflates to {probe.Value.Length} bytes but its trailer says {declared}");
                    return null;
                }
            }

            if (!context.TryReserve(path, declared))
            {
                return null;
            }

            var data = StreamReading.ReadAtMost(_stream!, declared, declared);
            if (data is null)
            {
                context.Refuse(path, RefusalKind.EntryTooLarge, $"gzip data holds more than the {declared} bytes its trailer declares");
                return null;
            }

            if (data.Value.Length != declared)
            {
                context.ReturnUnused(declared, data.Value.Length);
                context.RefuseCorrupt(container, _label,
                    $"gzip stream is truncated or damaged: it inflates to {data.Value.Length} bytes but its trailer says {declared}");
                return null;
            }

            return Create(path, name, data.Value);
        }

        private ArtifactEntry Create(string path, string name, ReadOnlyMemory<byte> data) => new()
        {
            Path = path,
            Name = name,
            Content = data,
            Kind = EntryClassifier.Classify(name, data.Span),
            Depth = container.Depth + 1,
            Parent = container,
        };

        public void Dispose()
        {
            _tar?.Dispose();
            _stream?.Dispose();
        }
    }
}

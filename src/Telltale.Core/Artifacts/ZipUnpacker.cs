using System.IO.Compression;

namespace Telltale.Artifacts;

/// <summary>Zip and its many disguises: .vsix, .jar, .whl, .nupkg, .xpi.</summary>
public sealed class ZipUnpacker : IUnpacker
{
    private const uint UnixFileTypeMask = 0xF000;
    private const uint UnixSymbolicLink = 0xA000;
    private const uint UnixDirectory = 0x4000;

    // End-of-central-directory record: 22 bytes plus a comment of at most 64 KiB.
    private const int MaxEndRecordDistance = 22 + ushort.MaxValue;

    private static readonly string[] ZipExtensions = [".zip", ".vsix", ".jar", ".whl", ".nupkg", ".xpi", ".crx"];

    public string Format => "zip";

    public bool CanUnpack(string name, ReadOnlySpan<byte> head)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return true;
        }

        // A zip may carry a prefix (a launcher script, a browser-extension header); the end record still
        // gives it away when the name says zip.
        if (!ZipExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var tail = head[Math.Max(0, head.Length - MaxEndRecordDistance)..];
        return tail.LastIndexOf("PK\x05\x06"u8) >= 0;
    }

    public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(context);
        return Enumerate(container, context);
    }

    private static IEnumerable<ArtifactEntry> Enumerate(ArtifactEntry container, UnpackContext context)
    {
        using var reader = new Reader(container, context);
        while (reader.Next() is { } entry)
        {
            yield return entry;
        }
    }

    private sealed class Reader(ArtifactEntry container, UnpackContext context) : IDisposable
    {
        private readonly string _label = container.Path.Length == 0 ? container.Name : container.Path;
        private readonly InflationBudget _budget = new(container.Content.Length, context.Limits);
        private ZipArchive? _archive;
        private ZipArchiveEntry[] _entries = [];
        private int _index;
        private bool _done;

        public ArtifactEntry? Next()
        {
            if (_done)
            {
                return null;
            }

            if (_archive is null)
            {
                try
                {
                    _archive = new ZipArchive(StreamReading.Open(container.Content), ZipArchiveMode.Read, leaveOpen: false);
                    _entries = [.. _archive.Entries];
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _done = true;
                    context.RefuseCorrupt(container, _label, $"corrupt or truncated zip: {EntryNames.OneLine(ex.Message)}");
                    return null;
                }
            }

            while (_index < _entries.Length)
            {
                if (context.EntryLimitReached)
                {
                    break;
                }

                var entry = _entries[_index++];
                var result = Read(entry);
                if (_done)
                {
                    return null;
                }

                if (result is not null)
                {
                    return result;
                }
            }

            _done = true;
            return null;
        }

        private ArtifactEntry? Read(ZipArchiveEntry entry)
        {
            var raw = entry.FullName;
            var mode = ((uint)entry.ExternalAttributes >> 16) & UnixFileTypeMask;
            if (raw.EndsWith('/') || raw.EndsWith('\\') || (mode == UnixDirectory && entry.Length == 0))
            {
                return null;
            }

            if (mode == UnixSymbolicLink)
            {
                context.Refuse(EntryNames.Join(container, EntryNames.Printable(raw)), RefusalKind.Link, "symbolic link (Unix mode in the zip) is not followed");
                return null;
            }

            var name = EntryNames.Normalise(raw, out var problem);
            if (name is null)
            {
                context.Refuse(EntryNames.Join(container, EntryNames.Printable(raw)), RefusalKind.PathTraversal, $"{problem}; entry not read");
                return null;
            }

            var path = EntryNames.Join(container, name);
            var declared = entry.Length;
            if (declared < 0)
            {
                context.RefuseCorrupt(container, path, $"negative size {declared} in the zip directory");
                return null;
            }

            if (_budget.WouldExceed(declared))
            {
                Stop();
                return null;
            }

            if (!context.TryReserve(path, declared))
            {
                return null;
            }

            ReadOnlyMemory<byte>? data;
            try
            {
                using var stream = new InflationGuardStream(entry.Open(), _budget, context.CancellationToken);
                data = StreamReading.ReadAtMost(stream, declared, declared);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (_budget.Exceeded)
                {
                    Stop();
                }
                else
                {
                    context.RefuseCorrupt(container, path, $"cannot read the entry: {EntryNames.OneLine(ex.Message)}");
                }

                return null;
            }

            if (data is null)
            {
                context.Refuse(path, RefusalKind.EntryTooLarge, $"entry holds more than the {declared} bytes its header declares");
                return null;
            }

            context.ReturnUnused(declared, data.Value.Length);

            // The BCL stops inflating at the declared size, so a size that understates the data would
            // silently cut the file short, hiding its tail from us while other extractors read it all.
            // The CRC of the whole data is what gives that away.
            if (Crc32.Compute(data.Value.Span) != entry.Crc32)
            {
                context.RefuseCorrupt(container, path, "CRC-32 mismatch: the data is damaged or its declared size is false");
                return null;
            }

            return new ArtifactEntry
            {
                Path = path,
                Name = name,
                Content = data.Value,
                Kind = EntryClassifier.Classify(name, data.Value.Span),
                Depth = container.Depth + 1,
                Parent = container,
            };
        }

        private void Stop()
        {
            _done = true;
            context.Refuse(_label, RefusalKind.CompressionRatio, _budget.Describe());
        }

        public void Dispose() => _archive?.Dispose();
    }
}

using Telltale.Scanning;

namespace Telltale.Artifacts;

/// <summary>
/// The running totals and refusals of one target's unpacking. Shared across nesting levels so a bomb
/// split over many small archives still meets the same total.
/// </summary>
public sealed class UnpackContext(ScanLimits limits, CancellationToken cancellationToken = default) : IDisposable
{
    private readonly List<UnpackRefusal> _refusals = [];
    private readonly List<IDisposable> _owned = [];
    private readonly List<Findings.EmbeddedPayloadListing> _payloads = [];

    public ScanLimits Limits { get; } = limits;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public long TotalBytes { get; private set; }
    public int EntryCount { get; private set; }
    public IReadOnlyList<UnpackRefusal> Refusals => _refusals;

    /// <summary>The payloads of the single-file executables opened so far, in the order they were opened.</summary>
    public IReadOnlyList<Findings.EmbeddedPayloadListing> Payloads => _payloads;

    /// <summary>Records what an executable carries, for the report's listing.</summary>
    public void RecordPayload(Findings.EmbeddedPayloadListing payload) => _payloads.Add(payload);

    /// <summary>
    /// Set once an entry was refused for passing <see cref="ScanLimits.MaxEntries"/>: every unpacker
    /// stops then, so the one refusal is not repeated for each entry left.
    /// </summary>
    public bool EntryLimitReached { get; private set; }

    /// <summary>
    /// Gives back what a reservation overstated once the real size is known, so a header that claims
    /// too much cannot use up <see cref="ScanLimits.MaxTotalBytes"/> and push real files out.
    /// </summary>
    public void ReturnUnused(long reservedBytes, long actualBytes)
    {
        if (actualBytes >= 0 && actualBytes < reservedBytes)
        {
            TotalBytes -= Math.Min(reservedBytes - actualBytes, TotalBytes);
        }
    }

    /// <summary>Keeps a resource (a file mapping) that entries slice into alive until the scan is over.</summary>
    internal void Own(IDisposable resource)
    {
        lock (_owned)
        {
            _owned.Add(resource);
        }
    }

    /// <summary>Releases the file mappings; entries read from them must not be used after this.</summary>
    public void Dispose()
    {
        lock (_owned)
        {
            foreach (var resource in _owned)
            {
                resource.Dispose();
            }

            _owned.Clear();
        }
    }

    public void Refuse(string path, RefusalKind kind, string message) => _refusals.Add(new UnpackRefusal(path, kind, message));

    /// <summary>
    /// Records damage found while reading <paramref name="container"/>: <see cref="RefusalKind.TargetCorrupt"/>
    /// when the container is the target itself, <see cref="RefusalKind.Corrupt"/> when it was found inside it.
    /// </summary>
    /// <param name="path">What is damaged: the container's own label or one of its entries.</param>
    public void RefuseCorrupt(ArtifactEntry container, string path, string message)
    {
        ArgumentNullException.ThrowIfNull(container);
        Refuse(path, container.IsTarget ? RefusalKind.TargetCorrupt : RefusalKind.Corrupt, message);
    }

    /// <summary>
    /// Reserves room for one more entry of <paramref name="bytes"/>; false (with a refusal recorded)
    /// when that would pass a limit. Call before reading the entry's content.
    /// </summary>
    public bool TryReserve(string path, long bytes)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (EntryCount >= Limits.MaxEntries)
        {
            if (EntryLimitReached)
            {
                return false;
            }

            EntryLimitReached = true;
            Refuse(path, RefusalKind.TooManyEntries, $"more than {Limits.MaxEntries} entries; the rest is not read");
            return false;
        }

        if (bytes > Limits.MaxEntryBytes)
        {
            Refuse(path, RefusalKind.EntryTooLarge, $"entry of {bytes} bytes is over the {Limits.MaxEntryBytes}-byte limit");
            return false;
        }

        if (TotalBytes + bytes > Limits.MaxTotalBytes)
        {
            Refuse(path, RefusalKind.TotalTooLarge, $"unpacking would pass {Limits.MaxTotalBytes} bytes in all");
            return false;
        }

        EntryCount++;
        TotalBytes += bytes;
        return true;
    }
}

using Telltale.Scanning;

namespace Telltale.Artifacts;

/// <summary>
/// Unpacked bytes of one container held against its packed size. Counting happens at the
/// decompressor's output, not at entry contents, so bytes hidden in headers, padding or skipped
/// entries still count.
/// </summary>
internal sealed class InflationBudget(long packedBytes, ScanLimits limits)
{
    public long PackedBytes { get; } = packedBytes;
    public long UnpackedBytes { get; private set; }
    public bool Exceeded { get; private set; }

    public bool WouldExceed(long moreBytes)
    {
        var total = UnpackedBytes + Math.Max(0, moreBytes);
        return total > limits.RatioFloorBytes && total > PackedBytes * limits.MaxCompressionRatio;
    }

    public void Add(long bytes)
    {
        UnpackedBytes += bytes;
        if (WouldExceed(0))
        {
            Exceeded = true;
            throw new InvalidDataException(Describe());
        }
    }

    public string Describe() =>
        $"more than {UnpackedBytes} bytes unpacked from {PackedBytes} packed bytes, over the {limits.MaxCompressionRatio}:1 ratio limit; the rest is not read";
}

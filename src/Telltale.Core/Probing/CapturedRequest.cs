namespace Telltale.Probing;

/// <summary>
/// One HTTP request a probed tool made, as the capture endpoint received it. Secret-bearing headers are
/// already removed; header names are lower case so they can be looked up without a comparer.
/// </summary>
public sealed record CapturedRequest(
    int Sequence,
    string Method,
    string Host,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");
}

namespace Telltale.Tracking.Watching;

/// <summary>
/// Where alerts go besides the terminal: a JSON lines file and a webhook, each optional. Shared by
/// <c>telltale watch</c> and the server's watch jobs, so an alert reads the same wherever it is received.
/// </summary>
public sealed class AlertDelivery
{
    private readonly JsonlEventLog? _jsonl;
    private readonly WebhookNotifier? _webhook;

    /// <param name="jsonlPath">A file each alert is appended to as one JSON line; null for none.</param>
    /// <param name="webhookUrl">A URL each alert is POSTed to; null for none.</param>
    /// <param name="webhookClient">For <paramref name="webhookUrl"/>; required when it is set.</param>
    /// <param name="options">The webhook's attempts, retry delay and timeout.</param>
    public AlertDelivery(string? jsonlPath, Uri? webhookUrl, HttpClient? webhookClient, WatchOptions? options = null)
    {
        var settings = options ?? new WatchOptions { StatePath = "" };
        _jsonl = jsonlPath is null ? null : new JsonlEventLog(jsonlPath);
        if (webhookUrl is not null)
        {
            _webhook = new WebhookNotifier(webhookClient ?? throw new ArgumentNullException(nameof(webhookClient), "a webhook needs an HttpClient"), webhookUrl,
                settings.WebhookAttempts, settings.WebhookRetryDelay, settings.WebhookTimeout);
        }
    }

    /// <summary>Appends <paramref name="json"/> to the file and POSTs it; null when both took it, else why the webhook did not, as one line.</summary>
    /// <exception cref="IOException">when the JSON lines file cannot be written.</exception>
    public async Task<string?> DeliverAsync(string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (_jsonl is not null)
        {
            await _jsonl.AppendAsync(json, cancellationToken).ConfigureAwait(false);
        }

        return _webhook is null ? null : await _webhook.PostAsync(json, cancellationToken).ConfigureAwait(false);
    }
}

namespace Telltale.Tracking.Watching;

/// <summary>
/// Appends alerts to a JSON lines file. The file is opened per alert and flushed to disk before the
/// watcher moves on, so a log rotated or tailed between polls sees every line whole.
/// </summary>
internal sealed class JsonlEventLog(string path)
{
    /// <param name="json">One alert as one line of JSON, without the line end.</param>
    public async Task AppendAsync(string json, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var line = System.Text.Encoding.UTF8.GetBytes(json + "\n");
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
    }
}

using System.Buffers;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telltale.Gateway;

/// <summary>
/// Sends decision lines to the team server (<see cref="DecisionServer"/>) in batches, off the request path: a request
/// only queues its line. The queue is bounded, so a server that is down costs dropped lines (counted, one warning per
/// burst), never the gateway's memory; a failed batch is retried with doubling waits; on shutdown what is queued is sent
/// within the host's shutdown timeout. Without a server it does nothing.
/// </summary>
internal sealed partial class DecisionUpload : IHostedService, IDisposable
{
    private const string Endpoint = "api/v1/gateway/decisions";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly DecisionServer? _server;
    private readonly Channel<string> _queue;
    private readonly HttpClient? _http;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abandon = new();
    private Task _sending = Task.CompletedTask;
    private long _dropped;
    private long _droppedInBurst;
    private long _sent;
    private int _disposed;

    public DecisionUpload(GatewayOptions options, ILoggerFactory loggers)
    {
        _server = options.DecisionServer;
        _logger = loggers.CreateLogger("Telltale.Gateway.DecisionUpload");
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(_server?.QueueCapacity ?? 1)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        if (_server is not null)
        {
            _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(15) })
            {
                BaseAddress = _server.Server.AbsoluteUri.EndsWith('/') ? _server.Server : new Uri(_server.Server.AbsoluteUri + "/"),
                Timeout = TimeSpan.FromSeconds(30),
            };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.Token);
        }
    }

    /// <summary>Lines dropped because the queue was full or the server refused their batch.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Lines the server has acknowledged.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Queues the decision, without its <c>body</c>: prompt text never leaves the gateway's machine this way.</summary>
    public void Add(JsonObject decision)
    {
        if (_server is null)
        {
            return;
        }

        if (_queue.Writer.TryWrite(WithoutBody(decision)))
        {
            return;
        }

        Interlocked.Increment(ref _dropped);
        if (Interlocked.Increment(ref _droppedInBurst) == 1 && _logger.IsEnabled(LogLevel.Warning))
        {
            LogDropping(_logger, _server.QueueCapacity, _server.Server.GetLeftPart(UriPartial.Authority));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            _sending = Task.Run(SendLoopAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Takes no more lines and sends the queued ones, until <paramref name="cancellationToken"/> (the host's shutdown timeout) gives up on them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        using var giveUp = cancellationToken.Register(_abandon.Cancel);
        await _sending.ConfigureAwait(false);
    }

    /// <summary>Idempotent: the container disposes it once as itself and once as the hosted service its factory returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _abandon.Cancel();
        _abandon.Dispose();
        _http?.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var server = _server!;
        var reader = _queue.Reader;
        var batch = new List<string>(server.BatchSize);
        try
        {
            while (await reader.WaitToReadAsync(_abandon.Token).ConfigureAwait(false))
            {
                await FillAsync(reader, batch, server).ConfigureAwait(false);
                await SendWithRetriesAsync(batch).ConfigureAwait(false);
                batch.Clear();
                if (Interlocked.Exchange(ref _droppedInBurst, 0) is var dropped and > 0 && _logger.IsEnabled(LogLevel.Information))
                {
                    LogDropped(_logger, dropped);
                }
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            var lost = batch.Count + reader.Count;
            if (lost > 0 && _logger.IsEnabled(LogLevel.Warning))
            {
                LogLostAtShutdown(_logger, lost);
            }
        }
    }

    /// <summary>Takes lines until the batch is full or the flush interval since its first line has passed (at once when the queue is completed and empty).</summary>
    private async Task FillAsync(ChannelReader<string> reader, List<string> batch, DecisionServer server)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token);
        window.CancelAfter(server.FlushInterval);
        while (batch.Count < server.BatchSize)
        {
            if (reader.TryRead(out var line))
            {
                batch.Add(line);
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!_abandon.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SendWithRetriesAsync(List<string> batch)
    {
        var wait = FirstRetry;
        var failing = false;
        while (true)
        {
            var (status, problem) = await TrySendAsync(batch).ConfigureAwait(false);
            if (status is { } code && (int)code is >= 200 and < 300)
            {
                Interlocked.Add(ref _sent, batch.Count);
                if (failing && _logger.IsEnabled(LogLevel.Information))
                {
                    LogRecovered(_logger, batch.Count);
                }

                return;
            }

            // A refusal that sending again cannot change (a bad token, a batch the server will not read): drop it, say why.
            if (status is { } refused && (int)refused is >= 400 and < 500 && refused is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            {
                Interlocked.Add(ref _dropped, batch.Count);
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    LogRefused(_logger, batch.Count, (int)refused, problem);
                }

                return;
            }

            if (!failing && _logger.IsEnabled(LogLevel.Warning))
            {
                LogRetrying(_logger, _server!.Server.GetLeftPart(UriPartial.Authority), problem);
            }

            failing = true;
            await Task.Delay(wait, _abandon.Token).ConfigureAwait(false);
            wait = wait * 2 > LongestRetry ? LongestRetry : wait * 2;
        }
    }

    /// <summary>One POST of the batch: the status, or null when no answer came; and the reason to log when it failed.</summary>
    private async Task<(HttpStatusCode? Status, string Problem)> TrySendAsync(List<string> batch)
    {
        using var content = new ByteArrayContent(BatchBody(batch));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await _http!.PostAsync(Endpoint, content, _abandon.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (response.StatusCode, "");
            }

            var detail = await response.Content.ReadAsStringAsync(_abandon.Token).ConfigureAwait(false);
            return (response.StatusCode, $"HTTP {(int)response.StatusCode}: {Shorten(detail)}");
        }
        catch (HttpRequestException error)
        {
            return (null, error.Message);
        }
        catch (TaskCanceledException error) when (!_abandon.IsCancellationRequested)
        {
            // HttpClient's own timeout, not a shutdown.
            return (null, error.Message);
        }
    }

    private byte[] BatchBody(List<string> batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("gateway", _server!.GatewayName);
            writer.WriteStartArray("decisions");
            foreach (var line in batch)
            {
                writer.WriteRawValue(line, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string WithoutBody(JsonObject decision)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in decision)
            {
                if (name == "body")
                {
                    continue;
                }

                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The server's answer is one problem line; anything longer is not ours to copy into the log whole.
    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "the queue of decisions for {Server} is full ({Capacity}): dropping decisions until it empties")]
    private static partial void LogDropping(ILogger logger, int capacity, string server);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Dropped} decisions were dropped while the queue was full")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "cannot send decisions to {Server}: {Problem}; retrying with longer waits")]
    private static partial void LogRetrying(ILogger logger, string server, string problem);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "decisions reach the server again ({Count} sent)")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "the server refused {Count} decisions with {Status} ({Problem}); they are dropped")]
    private static partial void LogRefused(ILogger logger, int count, int status, string problem);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "stopped with {Count} decisions not sent: the shutdown timeout passed")]
    private static partial void LogLostAtShutdown(ILogger logger, int count);
}

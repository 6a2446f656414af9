using System.Net;
using System.Net.Sockets;

namespace Telltale.Tests.Tracking.Watching;

/// <summary>A local HTTP endpoint on loopback that records each POST body and answers scripted statuses (200 once they run out).</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<HttpStatusCode> _statuses;
    private readonly Task _loop;

    public WebhookReceiver(params HttpStatusCode[] statuses)
    {
        _statuses = new Queue<HttpStatusCode>(statuses);
        Url = new Uri($"http://127.0.0.1:{FreePort()}/hooks/secret-token/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public List<(string ContentType, string Body)> Received { get; } = [];

    public int Attempts { get; private set; }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            HttpStatusCode status;
            lock (Received)
            {
                Attempts++;
                status = _statuses.Count > 0 ? _statuses.Dequeue() : HttpStatusCode.OK;
                if (status == HttpStatusCode.OK)
                {
                    Received.Add((context.Request.ContentType ?? "", body));
                }
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}

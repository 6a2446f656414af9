using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telltale.Tests;

/// <summary>
/// The API behind the gateway: Kestrel on 127.0.0.1:0, recording every request it receives byte for byte and answering
/// 200 with a small JSON body. <c>/v1/stream</c> answers server-sent events: the first event, then nothing more until
/// the test calls <see cref="ReleaseStream"/>, so a test can see whether the first event got through on its own.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _streamRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseAddress = new Uri(address);
        return upstream;
    }

    public void ReleaseStream() => _streamRelease.TrySetResult();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value + context.Request.QueryString.Value,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));

        if (context.Request.Path == "/v1/stream")
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("event: first\ndata: one\n\n");
            await context.Response.Body.FlushAsync();

            // Held open until the test has seen the first event through the gateway (or gives up on it).
            await _streamRelease.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await context.Response.WriteAsync("event: second\ndata: two\n\n");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"id":"msg_1","type":"message","content":[]}""");
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseStream();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

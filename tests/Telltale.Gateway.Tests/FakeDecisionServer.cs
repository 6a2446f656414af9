using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telltale.Tests;

/// <summary>
/// A team server's <c>POST /api/v1/gateway/decisions</c> on 127.0.0.1:0 that records each batch and answers with the
/// status <see cref="Answer"/> gives for it (200 by default), after <see cref="Hold"/> lets it go.
/// </summary>
internal sealed class FakeDecisionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDecisionServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(string? Authorization, JsonElement Batch)> Received { get; } = new();

    /// <summary>The status for the batch numbered (from 1) as given.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>Completed by the test when the server may answer; answered at once unless replaced.</summary>
    public TaskCompletionSource Hold { get; set; } = Released();

    public Uri BaseAddress { get; private set; } = null!;

    public IEnumerable<string> RequestIds => Received.SelectMany(r => r.Batch.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("requestId").GetString()!));

    public static async Task<FakeDecisionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeDecisionServer(app);
        app.MapPost("/api/v1/gateway/decisions", (Delegate)server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        Received.Enqueue((context.Request.Headers.Authorization.ToString(), document.RootElement.Clone()));
        var number = Received.Count;
        await Hold.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var status = Answer(number);
        return status == StatusCodes.Status200OK ? Results.Ok(new { stored = 1, duplicates = 0 }) : Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        Hold.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

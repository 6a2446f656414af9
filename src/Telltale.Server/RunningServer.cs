using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Telltale.Server;

/// <summary>A started server: where it listens, and how to stop it (draining the requests in flight).</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningServer(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The address it listens on, with the port chosen when 0 was asked for.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's container, for tests that run its jobs or read its queue directly.</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Completes when the server has stopped: after <see cref="StopAsync"/>, SIGTERM or Ctrl-C.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

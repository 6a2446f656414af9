using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Telltale.Gateway;

/// <summary>A started gateway: where it listens, and how to stop it (draining the requests in flight).</summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningGateway(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The address it listens on, with the port chosen when 0 was asked for.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Completes when the gateway has stopped: after <see cref="StopAsync"/>, SIGTERM or Ctrl-C.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

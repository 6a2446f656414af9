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
        // Sockets handed in (a probe's) are named by their handle, which is no URI; the first address that is one is kept.
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = addresses
            .Select(a => Uri.TryCreate(a.EndsWith('/') ? a : a + "/", UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri is not null) ?? new Uri("http://localhost/");
    }

    /// <summary>The address it listens on, with the port chosen when 0 was asked for (for sockets handed in, localhost).</summary>
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

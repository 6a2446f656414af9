using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Telltale.Gateway;

/// <summary>
/// Forwards with the client's own Host header, for an upstream that answers for many names: a probe's capture endpoint
/// records which host a tool called, and through the gateway that must still be the host the tool chose.
/// </summary>
internal sealed class OriginalHostTransformer : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
    }
}

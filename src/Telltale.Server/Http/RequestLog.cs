using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Telltale.Server.Auth;

namespace Telltale.Server.Http;

/// <summary>One structured log event per request: method, path (escaped), status, duration and the token that made it.</summary>
internal static partial class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Telltale.Server.Requests");
        return app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http).ConfigureAwait(false);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    Log(logger, http.Request.Method, ClientText.Log(http.Request.Path), http.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, TokenClaims.TokenId(http.User));
                }
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} in {ElapsedMs:0.0} ms (token {TokenId})")]
    private static partial void Log(ILogger logger, string method, string path, int status, double elapsedMs, long? tokenId);
}

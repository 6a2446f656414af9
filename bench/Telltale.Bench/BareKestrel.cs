using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Telltale.Bench;

/// <summary>
/// The floor for the server load benchmark: Kestrel with one endpoint that reads the body and answers 200, built the way
/// <c>telltale serve</c> builds its host (slim builder, no logging). The ratio against it is the cost of our own work.
/// </summary>
internal static class BareKestrel
{
    public static int Run(string[] args)
    {
        var listen = BenchArgs.Parse(args).Get("--listen") ?? "http://127.0.0.1:7879";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listen);
        var app = builder.Build();
        app.MapPost("/api/v1/inventories", async (HttpContext http) =>
        {
            // The body is read, as the real endpoint must, so the floor includes receiving it.
            await http.Request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            return Results.Ok();
        });
        Console.WriteLine($"listening on {listen}");
        app.Run();
        return 0;
    }
}

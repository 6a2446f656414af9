using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telltale.Gateway;

namespace Telltale.Bench;

/// <summary>
/// The latency <c>telltale gateway</c> adds: an in-process upstream answering Anthropic Messages requests (JSON, or a
/// server-sent event stream), requests sent to it directly and through the gateway in normalise mode, at fixed rates
/// (open loop: each request starts on its schedule, whether or not earlier ones have finished, and its latency is
/// counted from that scheduled time, so a stall is not hidden by sending less). A bounded number in flight; requests
/// past the bound are counted as dropped, not queued. Latency is to the last byte of the response.
/// </summary>
internal static class GatewayLatencyBench
{
    private const int MaxInFlight = 2_000;

    public static int Run(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var rates = (options.Get("--rates") ?? "50,500").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var seconds = int.Parse(options.Get("--seconds") ?? "10", CultureInfo.InvariantCulture);
        var bodyKb = int.Parse(options.Get("--body-kb") ?? "20", CultureInfo.InvariantCulture);

        // --covert no: ASCII apostrophes only, so the gateway reads and checks every body but forwards it unchanged.
        var rounds = int.Parse(options.Get("--rounds") ?? "3", CultureInfo.InvariantCulture);
        var clean = options.Get("--covert") == "no";
        return RunAsync(rates, seconds, bodyKb, clean, rounds).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int[] rates, int seconds, int bodyKb, bool clean, int rounds)
    {
        await using var upstream = await StartUpstreamAsync();
        var upstreamUri = new Uri(upstream.Urls.First());
        await using var gateway = await TelltaleGateway.StartAsync(new GatewayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = upstreamUri,
            Mode = GatewayMode.Normalise,
            ConsoleLogging = false,
        });
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = MaxInFlight, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var body = Body(bodyKb * 1024, clean ? "'" : "\u2019");
        var what = clean ? "prose with ASCII apostrophes, forwarded unchanged" : "prose with one U+2019 apostrophe per sentence, so every request is rewritten";
        Console.WriteLine($"body {body.Length} bytes ({what}); {seconds} s per run; {Environment.ProcessorCount} cores shared by client, gateway and upstream");
        Console.WriteLine($"direct and gateway streams run side by side at the same rate, {rounds} round(s); the added latency is the median over rounds");
        Console.WriteLine("target    stream  rate/s  sent   dropped  errors  p50 ms   p99 ms");
        foreach (var stream in new[] { false, true })
        {
            foreach (var rate in rates)
            {
                // Warm-up: connections, JIT, the gateway's first requests.
                await Task.WhenAll(MeasureAsync(client, upstreamUri, body, stream, rate, 1), MeasureAsync(client, gateway.BaseAddress, body, stream, rate, 1));
                var added = new List<(double P50, double P99)>();
                for (var round = 0; round < rounds; round++)
                {
                    // Both at once, so a pause of the machine (GC, the other tenants) falls on both and not on one.
                    var directRun = MeasureAsync(client, upstreamUri, body, stream, rate, seconds);
                    var throughRun = MeasureAsync(client, gateway.BaseAddress, body, stream, rate, seconds);
                    var (direct, through) = (await directRun, await throughRun);
                    Print("direct", stream, rate, direct);
                    Print("gateway", stream, rate, through);
                    added.Add((through.P50 - direct.P50, through.P99 - direct.P99));
                }

                var p50 = added.Select(a => a.P50).Order().ElementAt(added.Count / 2);
                var p99 = added.Select(a => a.P99).Order().ElementAt(added.Count / 2);
                Console.WriteLine($"  added (median of {rounds}): p50 {p50:F2} ms, p99 {p99:F2} ms");
            }
        }

        return 0;
    }

    private static void Print(string target, bool stream, int rate, Measurement run) =>
        Console.WriteLine($"{target,-9} {(stream ? "yes" : "no"),-7} {rate,6}  {run.Sent,5}  {run.Dropped,7}  {run.Errors,6}  {run.P50,7:F2}  {run.P99,7:F2}");

    private sealed record Measurement(int Sent, int Dropped, int Errors, double P50, double P99);

    private static async Task<Measurement> MeasureAsync(HttpClient client, Uri target, byte[] body, bool stream, int rate, int seconds)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var inFlight = 0;
        var dropped = 0;
        var errors = 0;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var uri = new Uri(target, stream ? "/v1/messages?stream=1" : "/v1/messages");
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (Interlocked.Increment(ref inFlight) > MaxInFlight)
            {
                Interlocked.Decrement(ref inFlight);
                dropped++;
                latencies[i] = double.NaN;
                continue;
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync(uri, content);
                    await response.Content.CopyToAsync(Stream.Null);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                    latencies[index] = double.NaN;
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }

        await Task.WhenAll(tasks);
        var sorted = latencies.Where(l => !double.IsNaN(l)).Order().ToArray();
        return new Measurement(total - dropped, dropped, errors, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static byte[] Body(int bytes, string apostrophe)
    {
        var prose = new StringBuilder();
        while (prose.Length < bytes - 200)
        {
            prose.Append("Today").Append(apostrophe).Append("s date is 2026-12-07 and the build passed on the second try. ");
        }

        var text = System.Text.Json.JsonSerializer.Serialize(prose.ToString());
        return Encoding.UTF8.GetBytes($$"""{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":{{text}}}]}""");
    }

    /// <summary>The API: reads the body, answers a small JSON message, or with <c>?stream=1</c> ten server-sent events flushed one by one.</summary>
    private static async Task<WebApplication> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async http =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            if (http.Request.Query.ContainsKey("stream"))
            {
                http.Response.ContentType = "text/event-stream";
                for (var i = 0; i < 10; i++)
                {
                    await http.Response.WriteAsync($"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"token {i}\"}}}}\n\n");
                    await http.Response.Body.FlushAsync();
                }

                return;
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"ok"}]}""");
        });
        await app.StartAsync();
        return app;
    }
}

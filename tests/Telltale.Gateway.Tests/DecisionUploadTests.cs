using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Telltale.Gateway;

namespace Telltale.Tests;

/// <summary>The batches a gateway sends to its team server: token, no body, retries, drops when the queue is full.</summary>
public sealed class DecisionUploadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_batch_carries_the_token_and_the_gateway_s_name_and_never_a_body()
    {
        await using var server = await FakeDecisionServer.StartAsync();
        using var upload = Start(server, s => s with { FlushInterval = TimeSpan.FromMilliseconds(50) });
        var line = Line("r1");
        line["body"] = "the prompt";

        upload.Add(line);

        await UntilAsync(() => upload.Sent == 1);
        var (authorization, batch) = Assert.Single(server.Received);
        Assert.Equal("Bearer tt_test", authorization);
        Assert.Equal("laptop-7", batch.GetProperty("gateway").GetString());
        var decision = Assert.Single(batch.GetProperty("decisions").EnumerateArray());
        Assert.Equal("r1", decision.GetProperty("requestId").GetString());
        Assert.False(decision.TryGetProperty("body", out _));
        Assert.True(line.ContainsKey("body"));
    }

    [Fact]
    public async Task A_failed_batch_is_sent_again_until_the_server_takes_it()
    {
        await using var server = await FakeDecisionServer.StartAsync();
        server.Answer = attempt => attempt == 1 ? 503 : 200;
        using var upload = Start(server, s => s with { BatchSize = 2 });

        upload.Add(Line("r1"));
        upload.Add(Line("r2"));

        await UntilAsync(() => upload.Sent == 2);
        Assert.Equal(["r1", "r2", "r1", "r2"], server.RequestIds);
        Assert.Equal(0, upload.Dropped);
    }

    [Fact]
    public async Task A_batch_the_server_refuses_for_good_is_dropped_and_counted_not_retried()
    {
        await using var server = await FakeDecisionServer.StartAsync();
        server.Answer = attempt => attempt == 1 ? 401 : 200;
        using var upload = Start(server, s => s with { BatchSize = 1 });

        upload.Add(Line("r1"));
        await UntilAsync(() => upload.Dropped == 1);
        upload.Add(Line("r2"));

        await UntilAsync(() => upload.Sent == 1);
        Assert.Equal(["r1", "r2"], server.RequestIds);
    }

    [Fact]
    public async Task When_the_queue_is_full_new_decisions_are_dropped_and_counted_and_the_queued_ones_still_go()
    {
        await using var server = await FakeDecisionServer.StartAsync();
        server.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var upload = Start(server, s => s with { BatchSize = 1, QueueCapacity = 2 });

        // The first batch is taken out of the queue and held by the server; the next two fill the queue; the rest drop.
        upload.Add(Line("r1"));
        await UntilAsync(() => !server.Received.IsEmpty);
        for (var i = 2; i <= 5; i++)
        {
            upload.Add(Line($"r{i}"));
        }

        Assert.Equal(2, upload.Dropped);
        server.Hold.SetResult();
        await UntilAsync(() => upload.Sent == 3);
        Assert.Equal(["r1", "r2", "r3"], server.RequestIds);
    }

    [Fact]
    public async Task Stopping_sends_what_is_queued_without_waiting_for_the_flush_interval()
    {
        await using var server = await FakeDecisionServer.StartAsync();
        using var upload = Start(server, s => s with { FlushInterval = TimeSpan.FromHours(1) });
        upload.Add(Line("r1"));
        upload.Add(Line("r2"));

        await upload.StopAsync(CancellationToken.None);

        Assert.Equal(2, upload.Sent);
        Assert.Equal(["r1", "r2"], server.RequestIds);
    }

    private static DecisionUpload Start(FakeDecisionServer server, Func<DecisionServer, DecisionServer> configure)
    {
        var options = new GatewayOptions
        {
            Upstream = new Uri("http://127.0.0.1:1/"),
            DecisionServer = configure(new DecisionServer(server.BaseAddress, "tt_test", "laptop-7")),
        };
        var upload = new DecisionUpload(options, NullLoggerFactory.Instance);
        upload.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return upload;
    }

    private static JsonObject Line(string requestId) => new()
    {
        ["time"] = "2026-12-07T02:29:26.721Z",
        ["requestId"] = requestId,
        ["action"] = "forwarded",
        ["client"] = new JsonObject { ["userAgent"] = "curl/8.0" },
    };

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}

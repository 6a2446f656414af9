using System.Net;
using System.Text;
using Telltale.Gateway;
using Telltale.Team;
using Telltale.Tests.Jobs;

namespace Telltale.Tests.Gateway;

/// <summary>
/// A real gateway (<see cref="TelltaleGateway.StartAsync"/>) in front of a fake API, sending its decisions to a real team
/// server: what the server's <c>/api/v1/gateway/clients</c> then shows.
/// </summary>
public sealed class GatewayToServerTests : ServerTest
{
    private const string Prompt = "Today\u2019s date is 2026-04-03; secret-prompt-7c1e";

    [Fact]
    public async Task The_server_shows_the_gateway_s_client_with_its_counts()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var token = await Server.TokenAsync(TeamRole.Machine);
        var gateway = await StartGatewayAsync(upstream, token, new DecisionServer(Server.BaseAddress, token, "e2e-gateway"));
        await using (gateway)
        {
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.SendAsync(ClaudeCodeRequest());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));
            var last = "";
            await Waiting.UntilAsync(async () =>
            {
                using var clients = await viewer.GetAsync("/api/v1/gateway/clients");
                last = await clients.Content.ReadAsStringAsync();
                var list = (await clients.JsonAsync()).EnumerateArray().ToList();
                return list.Count == 1 && list[0].GetProperty("requests").GetInt64() == 3;
            }, "the gateway's three decisions on the server", () => last, TimeSpan.FromMinutes(2));

            using var final = await viewer.GetAsync("/api/v1/gateway/clients");
            var summary = Assert.Single((await final.JsonAsync()).EnumerateArray());
            Assert.Equal("npm:@anthropic-ai/claude-code@2.1.91", summary.GetProperty("client").GetString());
            Assert.Equal(3, summary.GetProperty("actions").GetProperty("normalised").GetInt64());
            var change = Assert.Single(summary.GetProperty("changes").EnumerateArray());
            Assert.Equal("U+2019→U+0027", change.GetProperty("pair").GetString());
            Assert.Equal(3, change.GetProperty("count").GetInt64());
            using var decisions = await viewer.GetAsync("/api/v1/gateway/decisions");
            Assert.All((await decisions.JsonAsync()).EnumerateArray(), d => Assert.Equal("e2e-gateway", d.GetProperty("gateway").GetString()));
        }
    }

    [Fact]
    public async Task Queued_decisions_are_sent_when_the_gateway_stops_and_never_their_bodies()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var token = await Server.TokenAsync(TeamRole.Machine);

        // A flush interval no test waits out: only the stop can send these.
        var server = new DecisionServer(Server.BaseAddress, token, "stopping") { FlushInterval = TimeSpan.FromHours(1) };
        var gateway = await StartGatewayAsync(upstream, token, server, logBodies: true);
        using (var client = new HttpClient { BaseAddress = gateway.BaseAddress })
        {
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.SendAsync(ClaudeCodeRequest());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await gateway.DisposeAsync();

        using var team = Server.OpenTeamStore();
        Assert.Equal(2, team.ListGatewayDecisions(null, null, 0).Count);
        Assert.DoesNotContain("secret-prompt-7c1e", await Server.EverythingStoredAsync(), StringComparison.Ordinal);
    }

    private static Task<RunningGateway> StartGatewayAsync(FakeUpstream upstream, string token, DecisionServer decisions, bool logBodies = false) =>
        TelltaleGateway.StartAsync(new GatewayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = upstream.BaseAddress,
            Mode = GatewayMode.Normalise,
            ConsoleLogging = false,
            LogBodies = logBodies,
            DecisionServer = decisions with { Token = token },
        });

    private static HttpRequestMessage ClaudeCodeRequest()
    {
        var body = $$"""{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"{{Prompt}}"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("User-Agent", "claude-cli/2.1.91 (external, cli)");
        return request;
    }
}

using System.Net;
using System.Text.Json;
using Telltale.Findings;
using Telltale.Tests.Artifacts;
using Telltale.Tests.Tracking.History;
using Telltale.Tracking;
using Telltale.Tracking.Watching;
using static Telltale.Tests.Tracking.History.TrackingFixtures;

namespace Telltale.Tests.Tracking.Watching;

public sealed class RegistryWatcherTests
{
    /// <summary>A registry, a folder for state and logs, and a scan source answering per version.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly HttpClient _webhookClient = new();

        public Setup(Func<string, Finding[]?> findings)
        {
            Source = new FakeScanSource(findings);
        }

        public TimedRegistry Registry { get; } = new();

        public TempDirectory Folder { get; } = new();

        public FakeScanSource Source { get; }

        public StringWriter Output { get; } = new();

        public StringWriter Log { get; } = new();

        public string StatePath => Path.Combine(Folder.Path, "state", "watch-state.json");

        public void Publish(params string[] versions)
        {
            foreach (var version in versions)
            {
                Registry.Publish("@scope/tool", version, Epoch.AddDays(int.Parse(version.Split('.', '-')[2], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        public RegistryWatcher Watcher(Func<WatchOptions, WatchOptions>? change = null)
        {
            var options = new WatchOptions { StatePath = StatePath, Once = true, WebhookRetryDelay = TimeSpan.Zero };
            return new RegistryWatcher(TimedRegistry.Client(Registry, Path.Combine(Folder.Path, "cache")), Source, change?.Invoke(options) ?? options, Output, Log, _webhookClient);
        }

        public Task<WatchPollResult> Poll(Func<WatchOptions, WatchOptions>? change = null) => Watcher(change).PollOnceAsync(["@scope/tool"]);

        public void Dispose()
        {
            _webhookClient.Dispose();
            Folder.Dispose();
        }
    }

    /// <summary>1.0.5 brings the critical channel, 1.0.7 drops it; a medium finding comes in 1.0.6.</summary>
    private static Finding[]? Story(string version) => version switch
    {
        "1.0.5" => [Channel()],
        "1.0.6" => [Channel(line: 7), Finding("TT1101", Severity.Medium, "a hidden domain")],
        _ => [],
    };

    public sealed class ThePollOnceAsyncMethod
    {
        [Fact]
        public async Task Records_the_latest_release_on_first_sight_without_scanning_or_alerting()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.3", "1.0.5", "1.0.6-rc.1");

            var result = await setup.Poll();

            Assert.Empty(result.Events);
            Assert.Empty(setup.Source.Requested);
            Assert.Equal("", setup.Output.ToString());
            Assert.Contains("npm:@scope/tool: first seen at 1.0.5; recorded without scanning or alerting", setup.Log.ToString(), StringComparison.Ordinal);
            using var state = JsonDocument.Parse(await File.ReadAllTextAsync(setup.StatePath));
            Assert.Equal("1.0.5", state.RootElement.GetProperty("packages").GetProperty("@scope/tool").GetProperty("lastSeen").GetString());
        }

        [Fact]
        public async Task Scans_each_new_release_against_the_one_before_and_alerts_on_a_new_critical_behaviour()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.3");
            await setup.Poll();
            setup.Publish("1.0.4", "1.0.5", "1.0.6-rc.1");

            var result = await setup.Poll();

            var alert = Assert.Single(result.Events);
            Assert.Equal((WatchEventKind.Introduced, "1.0.5", "1.0.4", Severity.Critical, "TT2001"), (alert.Kind, alert.Version, alert.PreviousVersion, alert.Severity, alert.RuleId));
            Assert.Equal(Epoch.AddDays(5), alert.PublishedAt);
            Assert.Equal(FindingIdentity.Key(Channel()), alert.Key);
            Assert.Equal(2, result.NewVersions);
            Assert.Equal(["npm:@scope/tool@1.0.3", "npm:@scope/tool@1.0.4", "npm:@scope/tool@1.0.5"], setup.Source.Requested);
            Assert.Equal("npm:@scope/tool@1.0.5 (after 1.0.4): new critical TT2001 Covert channel in a prompt at package/cli.js:1:1\n", setup.Output.ToString().ReplaceLineEndings("\n"));
            Assert.Empty(result.Errors);
            Assert.True(result.HasIntroduced);
        }

        [Fact]
        public async Task Alerts_once_on_a_behaviour_that_stays_and_again_when_it_goes()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.4");
            await setup.Poll();
            setup.Publish("1.0.5");
            await setup.Poll();
            setup.Publish("1.0.6", "1.0.7");

            var result = await setup.Poll();

            // 1.0.6 moves the channel and adds a medium finding: neither alerts at the default high.
            var alert = Assert.Single(result.Events);
            Assert.Equal((WatchEventKind.Removed, "1.0.7", "1.0.6"), (alert.Kind, alert.Version, alert.PreviousVersion));
            Assert.False(result.HasIntroduced);
            Assert.Contains("no longer has critical TT2001", setup.Output.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Alerts_on_lower_severities_when_asked()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.5");
            await setup.Poll();
            setup.Publish("1.0.6");

            var result = await setup.Poll(o => o with { MinSeverity = Severity.Medium });

            Assert.Equal("TT1101", Assert.Single(result.Events).RuleId);
        }

        [Fact]
        public async Task Says_so_when_nothing_is_new()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.4");
            await setup.Poll();

            var result = await setup.Poll();

            Assert.Equal(0, result.NewVersions);
            Assert.Contains("nothing newer than 1.0.4", setup.Log.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Keeps_the_state_at_the_last_version_scanned_when_a_scan_fails_and_retries_at_the_next_poll()
        {
            var broken = true;
            using var setup = new Setup(version => version == "1.0.5" && broken ? null : Story(version));
            setup.Publish("1.0.3");
            await setup.Poll();
            setup.Publish("1.0.4", "1.0.5", "1.0.6");

            var failed = await setup.Poll();
            broken = false;
            var retried = await setup.Poll();

            Assert.Empty(failed.Events);
            Assert.Equal(1, failed.NewVersions);
            Assert.Contains("npm:@scope/tool@1.0.5: tarball not found", Assert.Single(failed.Errors), StringComparison.Ordinal);
            var alert = Assert.Single(retried.Events);
            Assert.Equal(("1.0.5", "1.0.4"), (alert.Version, alert.PreviousVersion));
            Assert.Equal(2, retried.NewVersions);
        }

        [Fact]
        public async Task Compares_with_the_release_below_when_the_last_seen_one_was_unpublished()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.3", "1.0.4");
            await setup.Poll();
            setup.Registry.Unpublish("@scope/tool", "1.0.4");
            setup.Publish("1.0.5");

            var alert = Assert.Single((await setup.Poll()).Events);

            Assert.Equal("1.0.3", alert.PreviousVersion);
        }

        [Fact]
        public async Task Reports_a_package_the_registry_does_not_have_and_goes_on_with_the_others()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.4");

            var result = await setup.Watcher().PollOnceAsync(["missing", "@scope/tool"]);

            Assert.Equal("npm:missing: npm package not found: missing (404 from registry.test)", Assert.Single(result.Errors));
            Assert.Contains("first seen at 1.0.4", setup.Log.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Appends_one_json_line_per_alert_to_the_jsonl_file()
        {
            using var setup = new Setup(Story);
            var jsonl = Path.Combine(setup.Folder.Path, "logs", "alerts.jsonl");
            setup.Publish("1.0.4");
            await setup.Poll();
            setup.Publish("1.0.5");
            await setup.Poll(o => o with { JsonlPath = jsonl });
            setup.Publish("1.0.6", "1.0.7");

            await setup.Poll(o => o with { JsonlPath = jsonl });

            var lines = await File.ReadAllLinesAsync(jsonl);
            Assert.Equal(2, lines.Length);
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal("introduced", first.RootElement.GetProperty("kind").GetString());
            Assert.Equal("1.0.5", first.RootElement.GetProperty("version").GetString());
            Assert.Equal("1.0.4", first.RootElement.GetProperty("previousVersion").GetString());
            Assert.Equal("critical", first.RootElement.GetProperty("severity").GetString());
            Assert.Equal(Epoch.AddDays(5), first.RootElement.GetProperty("publishedAt").GetDateTimeOffset());
            Assert.StartsWith("npm:@scope/tool@1.0.5", first.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
            using var second = JsonDocument.Parse(lines[1]);
            Assert.Equal(("removed", "1.0.7"), (second.RootElement.GetProperty("kind").GetString(), second.RootElement.GetProperty("version").GetString()));
        }

        [Fact]
        public async Task Posts_each_alert_to_the_webhook_retrying_a_busy_receiver()
        {
            using var setup = new Setup(Story);
            using var receiver = new WebhookReceiver(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests);
            setup.Publish("1.0.4");
            await setup.Poll();
            setup.Publish("1.0.5");

            var result = await setup.Poll(o => o with { WebhookUrl = receiver.Url });

            Assert.Equal(0, result.WebhookFailures);
            Assert.Equal(3, receiver.Attempts);
            var (contentType, body) = Assert.Single(receiver.Received);
            Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("TT2001", json.RootElement.GetProperty("ruleId").GetString());
        }

        [Fact]
        public async Task Reports_a_webhook_that_keeps_failing_without_stopping_or_showing_its_secret()
        {
            using var setup = new Setup(Story);
            using var receiver = new WebhookReceiver(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError);
            setup.Publish("1.0.4");
            await setup.Poll();
            setup.Publish("1.0.5", "1.0.6", "1.0.7");

            var result = await setup.Poll(o => o with { WebhookUrl = receiver.Url });

            Assert.Equal(1, result.WebhookFailures);
            Assert.Equal(2, result.Events.Count);
            Assert.Single(receiver.Received);
            var log = setup.Log.ToString();
            Assert.Contains($"webhook http://127.0.0.1:{receiver.Url.Port} failed after 4 attempts: 127.0.0.1 answered 500", log, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-token", log, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Does_not_retry_a_receiver_that_refuses_the_alert()
        {
            using var setup = new Setup(Story);
            using var receiver = new WebhookReceiver(HttpStatusCode.NotFound);
            setup.Publish("1.0.4");
            await setup.Poll();
            setup.Publish("1.0.5");

            var result = await setup.Poll(o => o with { WebhookUrl = receiver.Url });

            Assert.Equal(1, result.WebhookFailures);
            Assert.Equal(1, receiver.Attempts);
        }

        [Fact]
        public async Task Refuses_a_state_file_it_cannot_read_rather_than_start_over()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.4");
            Directory.CreateDirectory(Path.GetDirectoryName(setup.StatePath)!);
            await File.WriteAllTextAsync(setup.StatePath, "{ not json");

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => setup.Poll());

            Assert.Contains("fix or delete it", error.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheRunAsyncMethod
    {
        [Fact]
        public async Task Polls_until_cancelled_and_keeps_what_each_poll_recorded()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.4");
            using var cancellation = new CancellationTokenSource();
            var watcher = setup.Watcher(o => o with { Once = false, Interval = TimeSpan.FromMilliseconds(20) });
            var polls = 0;
            var run = Task.Run(async () =>
            {
                while (!cancellation.IsCancellationRequested)
                {
                    if (setup.Log.ToString().Contains("nothing newer", StringComparison.Ordinal) && Interlocked.Increment(ref polls) == 1)
                    {
                        await cancellation.CancelAsync();
                    }

                    await Task.Delay(5);
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher.RunAsync(["@scope/tool"], cancellation.Token));
            await run;

            Assert.Contains("\"lastSeen\": \"1.0.4\"", await File.ReadAllTextAsync(setup.StatePath), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Returns_after_one_poll_with_once()
        {
            using var setup = new Setup(Story);
            setup.Publish("1.0.4");

            var result = await setup.Watcher().RunAsync(["@scope/tool"]);

            Assert.Equal(WatchPollResult.Empty.Events, result.Events);
            Assert.Single(setup.Registry.Requests);
        }
    }

    public sealed class TheCompareBehavioursMethod
    {
        [Fact]
        public void Matches_behaviours_by_identity_and_names_what_came_and_went()
        {
            var kept = Finding("TT1002", Severity.High, "kept");
            var previous = new Dictionary<string, Finding> { [FindingIdentity.Key(kept)] = kept, [FindingIdentity.Key(Channel())] = Channel() };
            var added = Finding("TT1003", Severity.Critical, "added");
            var current = new Dictionary<string, Finding> { [FindingIdentity.Key(kept)] = kept with { Location = new("moved.js", 9, 9, 9) }, [FindingIdentity.Key(added)] = added };

            var (introduced, removed) = RegistryWatcher.CompareBehaviours(previous, current);

            Assert.Equal("TT1003", Assert.Single(introduced).RuleId);
            Assert.Equal("TT2001", Assert.Single(removed).RuleId);
        }
    }
}

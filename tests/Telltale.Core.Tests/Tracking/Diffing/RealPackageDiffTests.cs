using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking;
using Telltale.Tracking.Diffing;

namespace Telltale.Tests.Tracking.Diffing;

/// <summary>
/// The diff the verb exists for: claude-code 2.1.90 → 2.1.91, the release that added the hidden host and
/// time-zone checks. Both versions come from the npm registry (cached) and are scanned in parallel.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class RealPackageDiffTests
{
    private static readonly Lazy<Task<ReportDiff>> ClaudeCode = new(() => ReportDiffer.DiffAsync(
        new ScannerSource(new Scanner(new ScanOptions(), new TargetResolver())),
        "npm:@anthropic-ai/claude-code@2.1.90",
        "npm:@anthropic-ai/claude-code@2.1.91"));

    [Fact]
    public async Task Claude_code_2_1_91_adds_the_critical_chain_and_the_two_hidden_lists_and_little_else()
    {
        var diff = await ClaudeCode.Value;

        var listing = diff.Listing(includeInfo: false);
        var behaviour = Assert.Single(listing, g => g.First.Current.RuleId == "TT2001");
        Assert.Equal((ChangeKind.Added, Severity.Critical), (behaviour.Kind, behaviour.Severity));
        Assert.Contains("env.read:ANTHROPIC_BASE_URL", behaviour.First.New!.Capabilities);
        Assert.Contains("host.timezone", behaviour.First.New!.Capabilities);

        var lists = listing.Where(g => g.First.Current.RuleId == "TT1001").Select(g => g.First).OrderByDescending(c => c.New!.Items.Count).ToList();
        Assert.Equal(2, lists.Count);
        Assert.All(lists, l => Assert.Equal((ChangeKind.Added, Severity.Critical), (l.Kind, l.Severity)));
        Assert.Equal(147, lists[0].ItemsAdded.Count);
        Assert.Contains("moonshot.ai", lists[0].ItemsAdded);
        Assert.Equal(11, lists[1].ItemsAdded.Count);
        Assert.Contains("deepseek", lists[1].ItemsAdded);

        var hidden = diff.Capabilities.Where(c => c.Category == CapabilityCategory.HiddenLists).ToList();
        Assert.Contains(hidden, c => c.Kind == ChangeKind.Added && c.Name == "domains" && c.NewCount == 147);
        Assert.Contains(hidden, c => c.Kind == ChangeKind.Added && c.Name == "keywords" && c.NewCount == 11);
        Assert.Contains(diff.Capabilities, c => c.Kind == ChangeKind.Added && c.Category == CapabilityCategory.EnvironmentVariables && c.Name == "ANTHROPIC_BASE_URL");
        Assert.Contains(diff.Capabilities, c => c.Kind == ChangeKind.Added && c.Category == CapabilityCategory.CovertChannels && c.Name == "confusable");

        // The rebuilt bundle moved every offset and renamed its functions: nothing else above info may
        // show up as gone or changed, and the rest of the listing stays short.
        Assert.DoesNotContain(diff.Changes, c => c.Severity > Severity.Info && c.Kind != ChangeKind.Added);
        Assert.True(listing.Count <= 8, string.Join("\n", listing.Select(g => $"{g.Kind} {g.Severity} {g.First.Current.Title}")));
        Assert.True(diff.HasNewOrWorseAtOrAbove(Severity.Critical));
    }
}

using Telltale.Findings;
using Telltale.Tracking;
using Telltale.Tracking.Diffing;
using static Telltale.Tests.Tracking.Diffing.DiffFixtures;

namespace Telltale.Tests.Tracking.Diffing;

public sealed class ReportDifferTests
{
    private static IReadOnlyList<string> Keywords { get; } = ["deepseek", "moonshot", "minimax", "zhipu", "stepfun"];

    public sealed class ARebuiltRelease
    {
        [Fact]
        public void With_moved_offsets_and_renamed_minified_identifiers_is_unchanged()
        {
            var old = Report("1.0.0",
                Behaviour(4_994_377, Domains(20), minified: "Wi_"),
                List("domains", 4_994_419, Domains(20), literal: "ODV3KDo1"),
                Fingerprint("HTTPS_PROXY", 2_601_752),
                Fingerprint("HTTPS_PROXY", 8_191_530),
                Obfuscated("n tnr / qkg", 2_713_413));
            var @new = Report("1.0.1",
                Behaviour(4_998_101, Domains(20), minified: "Xq7"),
                List("domains", 4_998_143, Domains(20), literal: "Pz4+Kyg+"),
                Fingerprint("HTTPS_PROXY", 2_602_416),
                Fingerprint("HTTPS_PROXY", 8_201_244),
                Obfuscated("n tnr / qkg", 2_714_077));

            var diff = ReportDiffer.Diff(old, @new);

            Assert.All(diff.Findings, f => Assert.Equal(ChangeKind.Unchanged, f.Kind));
            Assert.Equal(5, diff.Count(ChangeKind.Unchanged));
            Assert.Empty(diff.Listing(includeInfo: true));
            Assert.All(diff.Capabilities, c => Assert.Equal(ChangeKind.Unchanged, c.Kind));
            Assert.False(diff.HasNewOrWorseAtOrAbove(Severity.Info));
        }

        [Fact]
        public void Pairs_copies_of_one_finding_one_to_one()
        {
            var old = Report("1.0.0", Fingerprint("NO_PROXY", 10), Fingerprint("NO_PROXY", 20));
            var @new = Report("1.0.1", Fingerprint("NO_PROXY", 15), Fingerprint("NO_PROXY", 25), Fingerprint("NO_PROXY", 35));

            var diff = ReportDiffer.Diff(old, @new);

            Assert.Equal(2, diff.Count(ChangeKind.Unchanged));
            var added = Assert.Single(diff.Changes);
            Assert.Equal(ChangeKind.Added, added.Kind);
        }
    }

    public sealed class AHiddenList
    {
        [Fact]
        public void That_gained_and_lost_entries_is_changed_with_the_exact_entries()
        {
            var old = Report("1.0.0", List("domains", 100, ["a.example", "b.example", "c.example"], Severity.High));
            var @new = Report("1.0.1", List("domains", 180, ["a.example", "b.example", "d.example", "e.example"], Severity.High, indicators: "moonshot"));

            var diff = ReportDiffer.Diff(old, @new);

            var change = Assert.Single(diff.Findings);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.Equal(["d.example", "e.example"], change.ItemsAdded);
            Assert.Equal(["c.example"], change.ItemsRemoved);
            Assert.Empty(change.CapabilitiesAdded);
            Assert.True(change.IsNewOrWorse);

            var list = Assert.Single(diff.Capabilities, c => c.Category == CapabilityCategory.HiddenLists);
            Assert.Equal(ChangeKind.Changed, list.Kind);
            Assert.Equal("domains", list.Name);
            Assert.Equal((3, 4), (list.OldCount, list.NewCount));
            Assert.Equal(["d.example", "e.example"], list.ItemsAdded);
            Assert.Equal(["c.example"], list.ItemsRemoved);
        }

        [Fact]
        public void Pairs_each_of_two_same_kind_lists_with_the_one_it_shares_most_with()
        {
            var labs = Domains(10, "lab");
            var clouds = Domains(6, "cloud");
            var old = Report("1.0.0", List("domains", 100, labs), List("domains", 900, clouds));
            // The new build stores them the other way round, and each changed a little.
            var @new = Report("1.0.1", List("domains", 100, [.. clouds, "cloud9.example"]), List("domains", 900, [.. labs.Skip(1)]));

            var diff = ReportDiffer.Diff(old, @new);

            var changes = diff.Changes.ToList();
            Assert.Equal(2, changes.Count);
            Assert.All(changes, c => Assert.Equal(ChangeKind.Changed, c.Kind));
            var labChange = Assert.Single(changes, c => c.Old!.Items.SequenceEqual(labs));
            Assert.Equal(["lab0.example"], labChange.ItemsRemoved);
            Assert.Empty(labChange.ItemsAdded);
            var cloudChange = Assert.Single(changes, c => c.Old!.Items.SequenceEqual(clouds));
            Assert.Equal(["cloud9.example"], cloudChange.ItemsAdded);
            Assert.Empty(cloudChange.ItemsRemoved);

            var lists = diff.Capabilities.Where(c => c.Category == CapabilityCategory.HiddenLists).ToList();
            Assert.Equal(2, lists.Count);
            Assert.All(lists, l => Assert.Equal(ChangeKind.Changed, l.Kind));
        }
    }

    public sealed class ASeverity
    {
        [Fact]
        public void That_was_raised_is_a_worsened_change()
        {
            var old = Report("1.0.0", Obfuscated("qoder-ide.example", 10, Severity.Medium));
            var @new = Report("1.0.1", Obfuscated("qoder-ide.example", 50, Severity.High));

            var diff = ReportDiffer.Diff(old, @new);

            var change = Assert.Single(diff.Findings);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.True(change.SeverityChanged);
            Assert.Equal(Severity.High, change.Severity);
            Assert.True(diff.HasNewOrWorseAtOrAbove(Severity.High));
            Assert.False(diff.HasNewOrWorseAtOrAbove(Severity.Critical));
        }

        [Fact]
        public void That_was_lowered_is_a_change_but_not_a_worse_one()
        {
            var diff = ReportDiffer.Diff(Report("1.0.0", Obfuscated("x", 10, Severity.High)), Report("1.0.1", Obfuscated("x", 10, Severity.Low)));

            var change = Assert.Single(diff.Findings);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.False(change.IsNewOrWorse);
            Assert.False(diff.HasNewOrWorseAtOrAbove(Severity.Info));
        }
    }

    public sealed class ABehaviour
    {
        [Fact]
        public void That_appeared_is_added_with_its_capabilities()
        {
            var old = Report("1.0.0", Fingerprint("ANTHROPIC_BASE_URL", 100));
            var @new = Report("1.0.1", Fingerprint("ANTHROPIC_BASE_URL", 120), Behaviour(5000, Domains(5), withTimeZone: true), List("domains", 5042, Domains(5)));

            var diff = ReportDiffer.Diff(old, @new);

            var listing = diff.Listing(includeInfo: false);
            Assert.Equal(2, listing.Count);
            Assert.Equal("TT2001", listing[0].First.Current.RuleId);
            Assert.Equal(ChangeKind.Added, listing[0].Kind);
            Assert.Equal(Domains(5), listing[0].First.ItemsAdded);
            Assert.True(diff.HasNewOrWorseAtOrAbove(Severity.Critical));

            var added = diff.Capabilities.Where(c => c.Kind == ChangeKind.Added).Select(c => (c.Category, c.Name)).ToList();
            Assert.Contains((CapabilityCategory.EnvironmentVariables, "ANTHROPIC_BASE_URL"), added);
            Assert.Contains((CapabilityCategory.Fingerprints, "host.timezone"), added);
            Assert.Contains((CapabilityCategory.CovertChannels, "confusable"), added);
            Assert.Contains((CapabilityCategory.CovertChannels, "transform"), added);
            Assert.Contains((CapabilityCategory.NetworkEndpoints, "sink.llm-user-message"), added);
            // The list step of the behaviour and the TT1001 finding are one list.
            var list = Assert.Single(diff.Capabilities, c => c.Category == CapabilityCategory.HiddenLists);
            Assert.Equal((ChangeKind.Added, 5), (list.Kind, list.NewCount));
            Assert.Single(diff.Capabilities, c => c.Kind == ChangeKind.Unchanged && c.Name == "ANTHROPIC_BASE_URL" && c.Category == CapabilityCategory.Fingerprints);
        }

        [Fact]
        public void That_disappeared_is_removed()
        {
            var diff = ReportDiffer.Diff(Report("1.0.0", Behaviour(5000, Domains(3))), Report("1.0.1"));

            var change = Assert.Single(diff.Findings);
            Assert.Equal(ChangeKind.Removed, change.Kind);
            Assert.Equal(Domains(3), change.ItemsRemoved);
            Assert.False(diff.HasNewOrWorseAtOrAbove(Severity.Info));
            Assert.Contains(diff.Capabilities, c => c.Kind == ChangeKind.Removed && c.Category == CapabilityCategory.CovertChannels);
        }

        [Fact]
        public void Whose_capacity_and_list_changed_is_changed()
        {
            var old = Report("1.0.0", Behaviour(5000, Domains(3), capacityBits: 1));
            var @new = Report("1.0.1", Behaviour(7000, Domains(4), minified: "Yz", capacityBits: 2));

            var change = Assert.Single(ReportDiffer.Diff(old, @new).Findings);

            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.True(change.CapacityChanged);
            Assert.Equal(["lab3.example"], change.ItemsAdded);
            Assert.True(change.IsNewOrWorse);
        }

        [Fact]
        public void That_gained_a_source_is_the_same_channel_changed_not_a_new_one()
        {
            var old = Report("1.0.0", Behaviour(5000, Domains(3)));
            var @new = Report("1.0.1", Behaviour(5000, Domains(3), withTimeZone: true));

            var diff = ReportDiffer.Diff(old, @new);

            var change = Assert.Single(diff.Findings);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.Equal(["channel.transform", "host.timezone"], change.CapabilitiesAdded.Order(StringComparer.Ordinal));
        }
    }

    public sealed class TheListing
    {
        [Fact]
        public void Counts_info_instead_of_listing_it_unless_asked()
        {
            var old = Report("1.0.0");
            var @new = Report("1.0.1", Obfuscated("goose", 10, Severity.Info, "TT1006"), Obfuscated("blob", 20, Severity.Info, "TT1006"), Fingerprint("Asia/Shanghai", 30));

            var diff = ReportDiffer.Diff(old, @new);

            var listed = Assert.Single(diff.Listing(includeInfo: false));
            Assert.Equal("TT1201", listed.First.Current.RuleId);
            Assert.Equal(2, diff.Count(ChangeKind.Added, Severity.Info));
            Assert.Equal(3, diff.Listing(includeInfo: true).Count);
        }

        [Fact]
        public void Collapses_many_same_rule_changes_into_one_group_with_a_count()
        {
            string[] terms = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "ALL_PROXY", "Asia/Urumqi"];
            var @new = Report("1.0.1", [.. terms.Select((t, i) => Fingerprint(t, 100 * (i + 1))), Behaviour(5000, Domains(2))]);

            var listing = ReportDiffer.Diff(Report("1.0.0"), @new).Listing(includeInfo: false);

            Assert.Equal(2, listing.Count);
            Assert.Equal("TT2001", listing[0].First.Current.RuleId);
            var collapsed = listing[1];
            Assert.True(collapsed.Collapsed);
            Assert.Equal(5, collapsed.Count);
            Assert.Equal(terms.Order(StringComparer.Ordinal), collapsed.Distinguishing().Order(StringComparer.Ordinal));
        }

        [Fact]
        public void Shows_copies_of_one_finding_once_with_a_count()
        {
            var @new = Report("1.0.1", Behaviour(5000, Domains(2)), Behaviour(9_000_000, Domains(2)));

            var group = Assert.Single(ReportDiffer.Diff(Report("1.0.0"), @new).Listing(includeInfo: false));

            Assert.False(group.Collapsed);
            Assert.Equal(2, group.Count);
        }
    }

    public sealed class TheNetworkEndpoints
    {
        [Fact]
        public void Are_urls_in_evidence_and_items_and_geo_ip_hosts()
        {
            var old = Report("1.0.0", Fingerprint("ipinfo.io", 10));
            var @new = Report("1.0.1",
                Obfuscated("https://collect.example/v1/t?id=1", 20, Severity.Medium),
                List("urls", 40, ["https://a.example/x", "wss://b.example/socket"], Severity.High));

            var endpoints = ReportDiffer.Diff(old, @new).Capabilities.Where(c => c.Category == CapabilityCategory.NetworkEndpoints).ToList();

            Assert.Contains(endpoints, e => e.Kind == ChangeKind.Added && e.Name == "https://collect.example/v1/t?id=1");
            Assert.Contains(endpoints, e => e.Kind == ChangeKind.Added && e.Name == "wss://b.example/socket");
            Assert.Contains(endpoints, e => e.Kind == ChangeKind.Removed && e.Name == "ipinfo.io");
        }
    }

    public sealed class TheIdentity
    {
        [Fact]
        public void Of_a_list_ignores_the_indicator_terms_its_items_happen_to_match()
        {
            var before = List("keywords", 10, Keywords, indicators: ["deepseek", "moonshot"]);
            var after = List("keywords", 10, [.. Keywords, "kimi"], indicators: ["deepseek", "moonshot", "kimi"]);

            Assert.Equal(FindingIdentity.Key(before), FindingIdentity.Key(after));
        }

        [Fact]
        public void Compares_a_behaviour_by_the_entries_of_its_lists()
        {
            var a = Behaviour(10, Domains(4));
            var b = Behaviour(10, Domains(2));

            Assert.Equal(0.5, FindingIdentity.ItemSimilarity(a, b));
            Assert.Equal(Domains(4), FindingIdentity.ComparedItems(a));
        }
    }
}

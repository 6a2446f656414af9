using Telltale.Policy;

namespace Telltale.Tests.Policy;

public sealed class PolicyLoaderTests
{
    [Fact]
    public void Reads_every_field_of_an_entry()
    {
        using var files = new PolicyFiles();
        var policy = PolicyLoader.Load(files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy));

        Assert.Equal("ACME high-risk software", policy.Name);
        var entry = Assert.Single(policy.Entries);
        Assert.Equal("ACME-2026-001", entry.Id);
        Assert.Equal(PolicyStatus.Banned, entry.Status);
        Assert.Equal(new EffectiveDate(new DateOnly(2026, 7, 10), "Europe/Berlin"), entry.Effective);
        var affected = Assert.Single(entry.Affected);
        Assert.Equal(("npm", "@anthropic-ai/claude-code"), (affected.Ecosystem, affected.Name));
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "2.1.91"), new RangeEvent(RangeEventKind.Fixed, "2.1.198")], Assert.Single(affected.Ranges).Events);
        Assert.Equal("2.1.197", Assert.Single(affected.NativeBuilds).Version);
        Assert.Equal("history:7", Assert.Single(entry.Evidence).Id);
        var alternative = Assert.Single(entry.Alternatives);
        Assert.Equal(("npm:@openai/codex", "low", new DateOnly(2026, 7, 1)), (alternative.Spec, alternative.Highest, alternative.CheckedOn));
        Assert.Equal(new PolicyDecision("Security team", new DateOnly(2026, 7, 3)), entry.Decided);
        Assert.Equal("policy.yaml:4", entry.Source);
    }

    [Theory]
    [InlineData("2.1.90", false)]
    [InlineData("2.1.91", true)]
    [InlineData("2.1.197", true)]
    [InlineData("2.1.198", false)]
    [InlineData("2.1.198-beta.1", true)]
    [InlineData("3.0.0", false)]
    [InlineData(null, false)]
    [InlineData("not a version", false)]
    public void A_range_covers_from_introduced_up_to_before_fixed(string? version, bool covered)
    {
        using var files = new PolicyFiles();
        var affected = PolicyLoader.Load(files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy)).Entries[0].Affected[0];
        Assert.Equal(covered, affected.Covers(version));
    }

    [Fact]
    public void Last_affected_covers_its_own_version_and_explicit_versions_count_too()
    {
        var affected = new AffectedPackage("npm", "x")
        {
            Ranges = [new AffectedRange([new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.LastAffected, "1.2.0")])],
            Versions = ["2.0.0"],
        };
        Assert.True(affected.Covers("0.0.1"));
        Assert.True(affected.Covers("1.2.0"));
        Assert.False(affected.Covers("1.2.1"));
        Assert.True(affected.Covers("2.0.0"));
        Assert.True(new AffectedPackage("npm", "y").Covers(null));
    }

    [Fact]
    public void Includes_files_and_loads_an_osv_directory()
    {
        using var files = new PolicyFiles();
        files.Write("more/extensions.yaml", """
            entries:
              - id: ACME-2026-002
                title: A reviewed extension
                status: review
                affected:
                  - package: { ecosystem: VSCode, name: Some.Extension }
            """);
        files.Write("osv/MAL-2026-1.json", """
            {"schema_version":"1.7.0","id":"MAL-2026-1","modified":"2026-05-01T00:00:00Z","summary":"Malicious code in evil-pkg (npm)",
             "details":"Steals tokens.","aliases":["GHSA-xxxx-yyyy-zzzz"],
             "affected":[{"package":{"ecosystem":"npm","name":"evil-pkg"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]},
                         {"package":{"ecosystem":"PyPI","name":"evil-pkg"},"versions":["1.0"]}],
             "references":[{"type":"WEB","url":"https://example.com/advisory"}]}
            """);
        files.Write("osv/nested/MAL-2026-2.json", """
            {"id":"MAL-2026-2","modified":"2026-05-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"bad-pkg"},"versions":["1.0.1","1.0.2"]}]}
            """);
        files.Write("osv/MAL-2026-3.json", """
            {"id":"MAL-2026-3","modified":"2026-05-01T00:00:00Z","withdrawn":"2026-05-02T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"ok-pkg"}}]}
            """);
        var path = files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy + "\ninclude: [more/extensions.yaml]\nosv:\n  - path: osv\n    status: banned\n");

        var policy = PolicyLoader.Load(path);

        Assert.Equal(["ACME-2026-001", "ACME-2026-002", "MAL-2026-1", "MAL-2026-2"], policy.Entries.Select(e => e.Id));
        var feed = policy.Entries[2];
        Assert.Equal(PolicyStatus.Banned, feed.Status);
        Assert.Equal("evil-pkg", Assert.Single(feed.Affected).Name);
        Assert.True(feed.Affected[0].Covers("9.9.9"));
        Assert.Equal(["GHSA-xxxx-yyyy-zzzz"], feed.Aliases);
        Assert.Equal("https://example.com/advisory", Assert.Single(feed.Evidence).Id);
        Assert.True(policy.Entries[3].Affected[0].Covers("1.0.2"));
        Assert.False(policy.Entries[3].Affected[0].Covers("1.0.3"));
        Assert.Equal(5, policy.Files.Count);
    }

    public static TheoryData<string, string> BadPolicies => new()
    {
        { "entries:\n  - id: A\n    title: t\n    status: banned\n    colour: red\n    affected:\n      - package: { ecosystem: npm, name: x }\n", "policy.yaml:5: unknown field 'colour' in entry 'A'" },
        { "entries:\n  - id: A\n    title: t\n    status: banned\n    effective: { date: 2026-13-40 }\n    affected:\n      - package: { ecosystem: npm, name: x }\n", "policy.yaml:5: 'date' of 'effective' of entry 'A' is not a date YYYY-MM-DD: '2026-13-40'" },
        { "entries:\n  - id: A\n    title: t\n    status: banned\n    effective: { date: 2026-07-10, time_zone: Mars/Olympus }\n    affected:\n      - package: { ecosystem: npm, name: x }\n", "policy.yaml:5: time zone 'Mars/Olympus' is not an IANA time zone" },
        { "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n        ranges:\n          - events:\n              - introduced: \"2.1.198\"\n              - fixed: \"2.1.91\"\n", "policy.yaml:10: reversed range in entry 'A': fixed 2.1.91 is not above introduced 2.1.198" },
        { "entries:\n  - id: A\n    title: t\n    status: forbidden\n    affected:\n      - package: { ecosystem: npm, name: x }\n", "policy.yaml:4: status 'forbidden' is not banned, restricted, review or allowed" },
        { "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: pypi, name: x }\n", "policy.yaml:6: ecosystem 'pypi' is not one of npm, VSCode, JetBrains, native" },
        { "entries:\n  - id: A\n    title: t\n    status: banned\n", "policy.yaml:2: entry 'A' needs 'affected'" },
        { "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n    alternatives:\n      - { spec: \"npm:y\", highest: critical }\n", "policy.yaml:8: alternative npm:y had critical findings in its latest scan" },
        { "entries: [\n", "policy.yaml:2: not valid YAML" },
        { "base: &b { id: A }\nentries:\n  - *b\n", "policy.yaml:1: anchors and aliases" },
        { "entries:\n  - id: \"A\\u001b[31m\"\n    title: t\n", "policy.yaml:2: id 'A\\u{001B}[31m' must be" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void A_bad_policy_is_one_line_naming_file_and_line(string yaml, string expected)
    {
        using var files = new PolicyFiles();
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Load(files.Write("policy.yaml", yaml)));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
    }

    [Fact]
    public void An_include_cycle_is_named()
    {
        using var files = new PolicyFiles();
        files.Write("b.yaml", "include: [a.yaml]\n");
        var path = files.Write("a.yaml", "include:\n  - b.yaml\n");
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Load(path));
        Assert.Equal("b.yaml:1: include cycle: a.yaml → b.yaml → a.yaml", error.Message);
    }

    [Fact]
    public void A_duplicate_id_across_files_is_refused()
    {
        using var files = new PolicyFiles();
        files.Write("other.yaml", PolicyFiles.ClaudeCodePolicy.Replace("name: ACME high-risk software\n", "", StringComparison.Ordinal));
        var path = files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy + "\ninclude: [other.yaml]\n");
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Load(path));
        Assert.StartsWith("other.yaml:3: id 'ACME-2026-001' is used twice (first at policy.yaml:4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_a_broken_osv_record_are_one_line_each()
    {
        using var files = new PolicyFiles();
        Assert.Equal("nope.yaml: no such file", Assert.Throws<PolicyException>(() => PolicyLoader.Load(Path.Combine(files.Folder, "nope.yaml"))).Message);
        files.Write("osv/bad.json", "{\"id\": \"MAL-1\",\n \"affected\": [}");
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Load(files.Write("p.yaml", "osv: [osv]\n")));
        Assert.StartsWith("osv/bad.json:2: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_yaml_writer_writes_reads_back_to_the_same_entries()
    {
        using var files = new PolicyFiles();
        var policy = PolicyLoader.Load(files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy));
        var hostile = policy.Entries[0] with { Title = "quote \" backslash \\ newline \n escape \u001b[2J colon: # hash", Aliases = ["CVE-2026-1"] };
        using var text = new StringWriter();
        PolicyYamlWriter.Write("round trip", [hostile], text);

        var reread = PolicyLoader.Load(files.Write("written.yaml", text.ToString()));

        var entry = Assert.Single(reread.Entries);
        Assert.Equal(hostile.Title, entry.Title);
        Assert.Equal(hostile with { Source = entry.Source, Affected = entry.Affected, Evidence = entry.Evidence, Alternatives = entry.Alternatives, Aliases = entry.Aliases }, entry);
        Assert.Equal(hostile.Affected[0].Ranges[0].Events, entry.Affected[0].Ranges[0].Events);
        Assert.Equal(hostile.Affected[0].NativeBuilds, entry.Affected[0].NativeBuilds);
        Assert.Equal(hostile.Evidence, entry.Evidence);
        Assert.Equal(hostile.Alternatives, entry.Alternatives);
        Assert.Equal(hostile.Aliases, entry.Aliases);
    }

    [Fact]
    public void An_include_of_a_device_or_fifo_is_read_as_empty_without_blocking()
    {
        using var files = new PolicyFiles();
        var policy = PolicyLoader.Load(files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy + "\ninclude: [/dev/zero, /dev/null]\n"));
        Assert.Single(policy.Entries);
    }

    /// <summary>The example in the docs, made from the real stored bisection: introduced 2.1.91, fixed 2.1.198, six linux-x64 builds.</summary>
    [Fact]
    public void The_example_policy_made_from_the_real_bisection_reads()
    {
        var policy = PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "claude-code.policy.yaml"));

        var entry = Assert.Single(policy.Entries);
        var affected = Assert.Single(entry.Affected);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "2.1.91"), new RangeEvent(RangeEventKind.Fixed, "2.1.198")], Assert.Single(affected.Ranges).Events);
        Assert.Equal(["2.1.113", "2.1.146", "2.1.176", "2.1.195", "2.1.196", "2.1.197"], affected.NativeBuilds.Select(b => b.Version));
        Assert.All(affected.NativeBuilds, b => Assert.Equal("linux-x64", b.Platform));
        Assert.Equal((false, true, true, false), (affected.Covers("2.1.90"), affected.Covers("2.1.91"), affected.Covers("2.1.197"), affected.Covers("2.1.198")));
        Assert.Equal(("npm:@openai/codex", "low"), (entry.Alternatives[0].Spec, entry.Alternatives[0].Highest));
    }
}

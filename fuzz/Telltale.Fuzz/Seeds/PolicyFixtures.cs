namespace Telltale.Fuzz.Seeds;

/// <summary>The story's policy entry, the seed of the policy fuzz target and the fixture of the policy tests, kept in one place.</summary>
public static class PolicyFixtures
{
    /// <summary>Claude Code banned from 2026-07-10 in Berlin, 2.1.91 to before 2.1.198, with a native build, evidence and an alternative.</summary>
    public const string ClaudeCode = """
        schema_version: "1"
        name: ACME high-risk software
        entries:
          - id: ACME-2026-001
            title: Claude Code changes its prompt by API host and time zone
            status: banned
            effective: { date: 2026-07-10, time_zone: Europe/Berlin }
            reason: Hidden lists of hosts and time zones select look-alike characters in the prompt.
            affected:
              - package: { ecosystem: npm, name: "@anthropic-ai/claude-code" }
                ranges:
                  - type: SEMVER
                    events:
                      - introduced: "2.1.91"
                      - fixed: "2.1.198"
                native_builds:
                  - { platform: linux-x64, version: "2.1.197", sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa }
            evidence:
              - { kind: bisect, id: "history:7", note: "introduced 2.1.91, removed 2.1.198" }
            alternatives:
              - spec: npm:@openai/codex
                scan: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                version: "0.40.0"
                highest: low
                checked_on: 2026-07-01
            decided: { by: Security team, on: 2026-07-03 }
        """;
}

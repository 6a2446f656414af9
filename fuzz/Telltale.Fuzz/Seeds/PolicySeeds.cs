using System.Text;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// <c>policy.yaml</c> seeds: <see cref="PolicyFixtures.ClaudeCode"/> (the policy tests' own) and the bad policies of
/// PolicyLoaderTests, plus every optional field, an include, an OSV feed of the (empty) working folder, anchors,
/// deep nesting, several documents and hostile escapes.
/// </summary>
internal static class PolicySeeds
{
    private const string ClaudeCode = PolicyFixtures.ClaudeCode + "\n";

    // Every other field and shape: several entries, ranges that reopen, last_affected, explicit versions, every
    // ecosystem, grace days, a native build with a path, aliases; block style and flow style mixed.
    private const string Everything = """
        # A Telltale policy: see docs/policy.md.
        schema_version: "1"
        name: "everything \u00e9 \u2019"
        entries:
          - id: ACME-2026-002
            title: "reopened, then closed"
            status: restricted
            effective:
              date: 2026-03-29
              time_zone: Europe/London
              grace_days: 14
            affected:
              - package: { ecosystem: npm, name: left-pad, purl: "pkg:npm/left-pad" }
                ranges:
                  - events: [ { introduced: "0" }, { last_affected: "1.0.0" }, { introduced: "2.0.0" }, { fixed: "2.1.91" } ]
                  - type: semver
                    events:
                      - introduced: "9.0.0-rc.1"
                versions: ["1.2.0", "v3.0", "1.0.0.1"]
              - package: { ecosystem: VSCode, name: Some.Extension }
              - package: { ecosystem: jetbrains, name: com.example.plugin }
                versions: ["2025.2"]
              - package: { ecosystem: native, name: claude }
                native_builds:
                  - platform: darwin-arm64
                    sha256: BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
                    version: "2.1.150"
                    path: "@anthropic-ai/claude-code-darwin-arm64@2.1.150!/package/claude"
            evidence:
              - { kind: scan, id: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc }
              - { kind: url, id: "https://example.com/advisory" }
            alternatives:
              - { spec: "vscode:other.extension", highest: none }
              - { spec: "jetbrains:other-plugin", note: checked by hand }
            aliases: [CVE-2026-0001, GHSA-xxxx-yyyy-zzzz]
          - id: ACME-2026-003
            title: reviewed
            status: review
            reason: |
              Two lines
              of reason.
            affected:
              - package:
                  ecosystem: npm
                  name: "@scope/name"
                versions: []
          - id: ACME-2026-004
            title: allowed
            status: allowed
            affected: [ { package: { ecosystem: npm, name: lodash } } ]

        """;

    private static readonly string[] Policies =
    [
        ClaudeCode,
        Everything,
        // Includes resolve inside the empty working folder: each fails as "no such file", or names a cycle.
        ClaudeCode + "include: [more/extensions.yaml]\n",
        "include:\n  - policy.yaml\n",
        "osv:\n  - path: .\n    status: review\nentries: []\n",
        "osv: [missing]\n",
        // Anchors and aliases are refused, including a billion-laughs shape.
        "base: &b { id: A }\nentries:\n  - *b\n",
        "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n",
        "entries:\n  - &e\n    id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n  - *e\n",
        // Deep nesting, flow and block.
        "name: " + new string('[', 200) + new string(']', 200) + "\n",
        "entries:\n" + Indented(120),
        // Reversed and malformed ranges, bad fields, the loader's own refusals.
        "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n        ranges:\n          - events:\n              - introduced: \"2.1.198\"\n              - fixed: \"2.1.91\"\n",
        "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n        ranges:\n          - events: [ { fixed: \"1.0.0\" }, { introduced: \"0\" }, { introduced: \"2.0.0\", fixed: \"3.0.0\" } ]\n",
        "entries:\n  - id: A\n    title: t\n    status: banned\n    colour: red\n    affected:\n      - package: { ecosystem: npm, name: x }\n",
        "entries:\n  - id: A\n    title: t\n    status: banned\n    effective: { date: 2026-13-40, time_zone: Mars/Olympus, grace_days: 9999 }\n    affected:\n      - package: { ecosystem: pypi, name: x }\n",
        "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n    alternatives:\n      - { spec: \"npm:y\", highest: critical }\n",
        "entries:\n  - id: \"A\\u001b[31m\"\n    title: t\n",
        "entries:\n  - id: A\n    title: \"\\e]8;;http://x\\a\\x85\\u2028\\ud800\"\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: \"x\\ty\" }\n",
        "entries:\n  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n  - id: A\n    title: again\n    status: review\n    affected:\n      - package: { ecosystem: npm, name: y }\n",
        "schema_version: \"2\"\n",
        "entries: [\n",
        "---\nentries: []\n---\nentries: []\n",
        "",
        "? [complex, key]\n: value\n",
        "%YAML 1.1\n--- !!map\nentries: !!seq []\n",
    ];

    public static IEnumerable<byte[]> All() => Policies.Select(p => Encoding.UTF8.GetBytes(p));

    /// <summary>Block mappings nested <paramref name="depth"/> deep under one entry.</summary>
    private static string Indented(int depth)
    {
        var text = new StringBuilder("  - id: A\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n    reason:\n");
        for (var k = 0; k < depth; k++)
        {
            text.Append(' ', 6 + 2 * k).Append("k:\n");
        }

        return text.Append(' ', 6 + 2 * depth).Append("x\n").ToString();
    }
}

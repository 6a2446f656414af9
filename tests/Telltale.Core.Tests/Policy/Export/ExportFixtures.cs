using Telltale.Policy;

namespace Telltale.Tests.Policy.Export;

/// <summary>A policy like the one the exporters were written for: the claude-code ban and one entry of every other shape.</summary>
internal static class ExportFixtures
{
    public static readonly DateTimeOffset GeneratedAt = new(2026, 7, 2, 9, 30, 0, TimeSpan.FromHours(2));

    public const string ClaudeLinuxA = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string ClaudeLinuxB = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string RogueDarwin = "abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd";
    public const string CodexLinux = "2222222222222222222222222222222222222222222222222222222222222222";
    public const string CodexScan = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public const string HostileName = "evil'; DROP TABLE npm_packages;--\"\u0007x";
    public const string HostileId = "hostile\"id'; DROP TABLE x;--\u0007/../..";

    public static PolicyEntry ClaudeCode { get; } = new()
    {
        Id = "claude-code",
        Title = "Claude Code CLI",
        Status = PolicyStatus.Banned,
        Effective = new EffectiveDate(new DateOnly(2026, 7, 10), "Europe/Berlin"),
        Reason = "Sends repository contents to a third party without a data processing agreement.",
        Affected =
        [
            new AffectedPackage(PolicyEcosystems.Npm, "@anthropic-ai/claude-code")
            {
                Ranges = [new AffectedRange([new RangeEvent(RangeEventKind.Introduced, "2.1.91"), new RangeEvent(RangeEventKind.Fixed, "2.1.198")])],
                NativeBuilds =
                [
                    new NativeBuild("linux-x64", ClaudeLinuxA, "2.1.197", "@anthropic-ai/claude-code-linux-x64@2.1.197!/package/claude"),
                    new NativeBuild("linux-x64", ClaudeLinuxB, "2.1.150", "@anthropic-ai/claude-code-linux-x64@2.1.150!/package/claude"),
                ],
            },
        ],
        Evidence =
        [
            new PolicyEvidence("scan", "5d41402abc4b2a76b9719d911017c592ae8f3b2c1d0e9f8a7b6c5d4e3f2a1b0c") { Note = "beacon to a second host" },
            new PolicyEvidence("url", "https://security.example.org/advisories/claude-code"),
        ],
        Alternatives =
        [
            new PolicyAlternative("npm:@openai/codex") { Scan = CodexScan, Version = "0.9.0", Highest = "none", CheckedOn = new DateOnly(2026, 7, 1) },
        ],
        Decided = new PolicyDecision("security-team", new DateOnly(2026, 7, 1)),
    };

    public static PolicyEntry VsCodeExtension { get; } = new()
    {
        Id = "evil-extension",
        Title = "Evil extension",
        Status = PolicyStatus.Restricted,
        Reason = "Only on machines without customer data.",
        Affected = [new AffectedPackage(PolicyEcosystems.VSCode, "evil-pub.evil-ext") { Versions = ["1.0.0", "1.0.1"] }],
    };

    public static PolicyEntry JetBrainsPlugin { get; } = new()
    {
        Id = "jb-ai-plugin",
        Title = "AI plugin for IntelliJ",
        Status = PolicyStatus.Review,
        Affected = [new AffectedPackage(PolicyEcosystems.JetBrains, "com.example.aiplugin")],
    };

    public static PolicyEntry NativeOnly { get; } = new()
    {
        Id = "rogue-agent",
        Title = "Rogue agent binary",
        Status = PolicyStatus.Banned,
        Affected = [new AffectedPackage(PolicyEcosystems.Native, "rogue-agent") { NativeBuilds = [new NativeBuild("darwin-arm64", RogueDarwin, "3.0.0")] }],
    };

    public static PolicyEntry FromOsv { get; } = new()
    {
        Id = "MAL-2026-1",
        Title = "Malicious code in evil-pkg (npm)",
        Status = PolicyStatus.Banned,
        Affected =
        [
            new AffectedPackage(PolicyEcosystems.Npm, "evil-pkg")
            {
                Ranges = [new AffectedRange([new RangeEvent(RangeEventKind.Introduced, "0")])],
            },
        ],
        Aliases = ["GHSA-abcd-efgh-ijkl"],
        Source = "osv/MAL-2026-1.json",
    };

    public static PolicyEntry Hostile { get; } = new()
    {
        Id = HostileId,
        Title = "Quote \" and ' and \u202E bidi and \n newline",
        Status = PolicyStatus.Banned,
        Reason = "line one\nline two\u0000 nul \u200B zero-width",
        Affected =
        [
            new AffectedPackage(PolicyEcosystems.Npm, HostileName) { Versions = ["1.0.0'; --", "2.0.0"] },
            new AffectedPackage(PolicyEcosystems.VSCode, "pub'x.name\"y%_"),
            new AffectedPackage(PolicyEcosystems.JetBrains, "a%b_c'^"),
            new AffectedPackage(PolicyEcosystems.Native, "../../etc/passwd") { NativeBuilds = [new NativeBuild("linux-x64", "NOT-A-HASH'; --")] },
        ],
        Evidence = [new PolicyEvidence("url", "javascript:alert(1)"), new PolicyEvidence("url", "https://exa mple.org/\"x")],
        Alternatives = [new PolicyAlternative("npm:ok'\"pkg")],
    };

    public static PolicyEntry AllowedCodex { get; } = new()
    {
        Id = "codex",
        Title = "OpenAI Codex CLI",
        Status = PolicyStatus.Allowed,
        Affected = [new AffectedPackage(PolicyEcosystems.Npm, "@openai/codex") { NativeBuilds = [new NativeBuild("linux-x64", CodexLinux, "0.9.0")] }],
        Evidence = [new PolicyEvidence("scan", CodexScan)],
        Decided = new PolicyDecision("security-team", new DateOnly(2026, 7, 1)),
    };

    public static PolicyDocument Policy { get; } = new(
        "acme high-risk software",
        [ClaudeCode, VsCodeExtension, JetBrainsPlugin, NativeOnly, FromOsv, Hostile, AllowedCodex],
        ["policy.yaml", "osv/MAL-2026-1.json"]);
}

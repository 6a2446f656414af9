using Telltale.Findings;

namespace Telltale.Tests.Reports;

/// <summary>
/// Reports built in code for the writer tests. Times are fixed so outputs are deterministic, and the sample
/// is deliberately hostile: backticks, pipes, HTML, line breaks, curly and modifier apostrophes (’ ʼ), a bidi
/// override and a nested <c>!/</c> path, with findings given out of order so the writers' sorting shows.
/// </summary>
internal static class ReportFixtures
{
    public const string NestedPath = "package/bin/a.tgz!/package/cli.js";

    public static ScanReport Sample() => new()
    {
        ToolVersion = "0.1.0-test",
        Target = new ScanTarget(
            "@acme/left-pad’s_twin",
            "1.3.0",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "https://registry.npmjs.org/@acme/left-pad/-/left-pad-1.3.0.tgz"),
        ScannedAt = new DateTimeOffset(2025, 3, 1, 12, 30, 45, TimeSpan.Zero),
        Statistics = new ScanStatistics
        {
            Entries = 14,
            Bytes = 48_213,
            Literals = 1_532,
            DecodedLiterals = 1_201,
            Elapsed = TimeSpan.FromMilliseconds(1_234.5),
        },
        Findings =
        [
            new Finding
            {
                RuleId = "env.fingerprint",
                Title = "Reads the machine’s hostname",
                Severity = Severity.Low,
                Confidence = 0.6,
                Location = new SourceLocation("package/index.js", 3, 10, 57, 13),
                Occurrences = 3,
                OtherLocations = [new SourceLocation("package/index.js", 9, 2, 201, 13), new SourceLocation("package/lib/\u001b[2Jx.js", 1, 1, 0, 13)],
                Evidence = new Evidence("os.hostname()"),
                Capabilities = ["env.read:hostname"],
            },
            new Finding
            {
                RuleId = "list.hidden",
                Title = "Hidden list of 23 domains",
                Severity = Severity.Critical,
                Confidence = 0.95,
                Description = "Domains decoded from a XOR-ed base64 literal; requests to them are silently dropped.",
                Location = new SourceLocation(NestedPath, 12, 5, 4096, 64),
                Evidence = new Evidence(
                    "_$d(\"Pj0+`|`PA==\")",
                    "evil.example|`cmd`|<script>alert(1)</script>\nsecond ʼlineʼ",
                    ["base64", "xor 0x5B"]),
                Capabilities = ["list.hidden:domains", "net.block"],
                Items = [.. Enumerable.Range(1, 23).Select(i => $"host{i}.example")],
            },
            new Finding
            {
                RuleId = "env.fingerprint",
                Title = "Checks for CI | sandbox `markers` <b>",
                Severity = Severity.High,
                Confidence = 0.75,
                Description = "Line one.\nLine two with <b>html</b> & pipes | here.",
                Location = new SourceLocation("package/lib/native.node", 0, 0, 0x1f2, 8),
                Evidence = new Evidence("if (process.env.CI)\n  return ‘quiet’ \u202E``` fence"),
                Capabilities = ["env.read:CI"],
                Items = ["CI", "GITHUB_ACTIONS"],
            },
            BehaviourFinding(),
        ],
        Schemes =
        [
            new ObfuscationScheme
            {
                Callee = "_$d",
                Chain = ["base64", "xor key \"k3y\""],
                KeyHex = "6b3379",
                KeyText = "k3y",
                LiteralCount = 1_200,
                DecodedCount = 1_180,
                FirstLocation = new SourceLocation(NestedPath, 1, 120, 119, 12),
                Samples = ["https://evil.example/a", "`tick`", "pipe|here"],
            },
        ],
        Payloads = [SamplePayload()],
        Incomplete =
        [
            new IncompleteAnalysis("package/dist/huge.js", "text", "700000000 bytes is over the 536870912-byte limit for reading a file as text; only its byte strings were harvested"),
            new IncompleteAnalysis("package/lib/decoder.js", "behaviour", "a decoder run was ended by the wall-clock backstop | `pipes` <b>", Reproducible: false),
        ],
    };

    /// <summary>
    /// A Bun application in a single-file executable, in the shape the scanner lists it: the entry-point
    /// source (Latin-1, as Bun stores it), a module that is only bytecode, with the scanner's note, and an
    /// asset whose name carries a pipe and backticks, so the Markdown table's escaping is exercised.
    /// </summary>
    public static EmbeddedPayloadListing SamplePayload() => new(
        "package/bin/left-pad",
        "bun",
        61_440,
        7_309,
        [
            new EmbeddedFileListing("$bunfs/root/cli", "source", 4_096, "latin1", IsEntryPoint: true, Note: null),
            new EmbeddedFileListing(
                "$bunfs/root/chunk-a1b2.js.jsc",
                "bytecode",
                2_980,
                "utf-8",
                IsEntryPoint: false,
                Note: "bytecode only: the module's source is not embedded, so only its strings can be read"),
            new EmbeddedFileListing("$bunfs/root/assets/a|`b`.txt", "asset", 233, "utf-8", IsEntryPoint: false, Note: null),
        ])
    {
        ExecutableSha256 = "5e0b4f1c2d3a49586776859aa1b2c3d4e5f60718293a4b5c6d7e8f9001122334",
    };

    /// <summary>
    /// A TT2001 behaviour finding in the shape the scanner reports: an LLM request whose prompt template
    /// carries a look-alike apostrophe chosen by whether the API host is on a hidden list, and a date whose
    /// separators change with the time zone. Three chains; the template holds backticks and one apostrophe
    /// variant a zero-width space, so every writer's escaping is exercised on behaviour text too.
    /// </summary>
    public static Finding BehaviourFinding() => new()
    {
        RuleId = "TT2001",
        Title = "LLM prompt signals the API host and time zone through look-alike characters",
        Severity = Severity.High,
        Confidence = 0.9,
        Description = "The apostrophe and the date format of the prompt change with where the request goes and where the machine is.",
        Location = new SourceLocation(NestedPath, 40, 3, 5120, 48),
        Evidence = new Evidence("`Today${q}s date is ${d}.`"),
        Capabilities = ["behaviour.signal:llm-prompt", "env.read:ANTHROPIC_BASE_URL", "env.read:timezone", "list.hidden:domains"],
        Behaviour = SampleBehaviour(),
    };

    public static Behaviour SampleBehaviour() => new()
    {
        // log2(6): three apostrophes times two date forms; a literal so the golden file does not depend on
        // the platform's Math.Log2 rounding.
        CapacityBits = 2.584962500721156,
        Root = new BehaviourStep
        {
            Kind = BehaviourStepKind.Sink,
            Summary = "user message of an LLM request (POST /v1/messages)",
            Location = new SourceLocation(NestedPath, 40, 3, 5120, 48),
            Excerpt = "client.messages.create({ messages: [{ role: \"user\", content: p }] })",
            Capability = "net.llm:anthropic",
            Children =
            [
                new BehaviourStep
                {
                    Kind = BehaviourStepKind.Carrier,
                    Summary = "prompt template \"Today${…}s date is ${…}.\"",
                    Location = new SourceLocation(NestedPath, 31, 9, 4800, 26),
                    Excerpt = "`Today${q}s date is ${d}.`",
                    Children =
                    [
                        new BehaviourStep
                        {
                            Kind = BehaviourStepKind.Channel,
                            Summary = "apostrophe: U+2019 RIGHT SINGLE QUOTATION MARK, U+02BC MODIFIER LETTER APOSTROPHE or U+0027 APOSTROPHE + U+200B ZERO WIDTH SPACE",
                            Location = new SourceLocation(NestedPath, 28, 11, 4700, 38),
                            Excerpt = "const q = hit ? \"’\" : odd ? \"ʼ\" : \"'\u200B\";",
                            Values = ["’", "ʼ", "'\u200B"],
                            Children =
                            [
                                new BehaviourStep
                                {
                                    Kind = BehaviourStepKind.Comparison,
                                    Summary = "host name of ANTHROPIC_BASE_URL is on the hidden list",
                                    Location = new SourceLocation(NestedPath, 27, 15, 4650, 31),
                                    Excerpt = "L.includes(new URL(u).hostname)",
                                    Children =
                                    [
                                        new BehaviourStep
                                        {
                                            Kind = BehaviourStepKind.Source,
                                            Summary = "host name of env ANTHROPIC_BASE_URL",
                                            Location = new SourceLocation(NestedPath, 26, 11, 4600, 30),
                                            Excerpt = "process.env.ANTHROPIC_BASE_URL",
                                            Capability = "env.read:ANTHROPIC_BASE_URL",
                                        },
                                        new BehaviourStep
                                        {
                                            Kind = BehaviourStepKind.List,
                                            Summary = "hidden list of 147 domains",
                                            Location = new SourceLocation(NestedPath, 12, 5, 4096, 64),
                                            Excerpt = "_$d(\"Pj0+`|`PA==\")",
                                            Values = [.. Enumerable.Range(1, 147).Select(i => $"relay{i}.example.net")],
                                            DecodeChain = ["base64", "xor 0x5B"],
                                            Capability = "list.hidden:domains",
                                        },
                                    ],
                                },
                            ],
                        },
                        new BehaviourStep
                        {
                            Kind = BehaviourStepKind.Transform,
                            Summary = "date separators \"-\" → \"/\" when the time zone matches",
                            Location = new SourceLocation(NestedPath, 29, 11, 4740, 34),
                            Excerpt = "d = tz ? d.replaceAll(\"-\", \"/\") : d",
                            Values = ["-", "/"],
                            Children =
                            [
                                new BehaviourStep
                                {
                                    Kind = BehaviourStepKind.Comparison,
                                    Summary = "time zone is Asia/Shanghai or Asia/Urumqi",
                                    Location = new SourceLocation(NestedPath, 25, 14, 4550, 44),
                                    Excerpt = "[\"Asia/Shanghai\",\"Asia/Urumqi\"].includes(z)",
                                    Values = ["Asia/Shanghai", "Asia/Urumqi"],
                                    Children =
                                    [
                                        new BehaviourStep
                                        {
                                            Kind = BehaviourStepKind.Source,
                                            Summary = "time zone",
                                            Location = new SourceLocation(NestedPath, 24, 11, 4500, 48),
                                            Excerpt = "Intl.DateTimeFormat().resolvedOptions().timeZone",
                                            Capability = "env.read:timezone",
                                        },
                                    ],
                                },
                            ],
                        },
                    ],
                },
            ],
        },
    };

    /// <summary>Nothing found, no version: the shape of a clean scan.</summary>
    public static ScanReport Empty() => new()
    {
        ToolVersion = "0.1.0-test",
        Target = new ScanTarget("local-dir", null, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "./my-tool"),
        ScannedAt = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)),
        Statistics = new ScanStatistics { Entries = 1, Bytes = 10, Elapsed = TimeSpan.FromMilliseconds(3) },
        Findings = [],
    };

    public static Finding Finding(
        string ruleId = "rule.x",
        Severity severity = Severity.Medium,
        string path = "package/index.js",
        long offset = 0,
        int line = 1,
        Evidence? evidence = null) => new()
        {
            RuleId = ruleId,
            Title = "Title of " + ruleId,
            Severity = severity,
            Location = new SourceLocation(path, line, 1, offset, 4),
            Evidence = evidence ?? new Evidence("text"),
        };

    public static ScanReport With(params Finding[] findings) => Empty() with { Findings = findings };
}

namespace Telltale.Scanning;

/// <summary>
/// Every bound a hostile input could push against, in one place, so the CLI, a server and the tests
/// set them the same way. Defaults fit real packages (a 70 MB agent bundle, a 381 MB single-file
/// executable) with a wide margin.
/// </summary>
public sealed record ScanLimits
{
    /// <summary>Largest single entry (file) that is read; larger ones are refused with a finding.</summary>
    public long MaxEntryBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Most bytes unpacked from one target, over all nesting levels.</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most entries unpacked from one target, over all nesting levels.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Unpacked bytes per packed byte above which an archive counts as a bomb (applies past <see cref="RatioFloorBytes"/>).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Unpacked size below which the ratio is not checked: tiny, very compressible files are normal.</summary>
    public long RatioFloorBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Archives inside archives: the target itself is depth 0.</summary>
    public int MaxNestingDepth { get; init; } = 4;

    /// <summary>How many decoding layers are chained (base64 → xor → gzip is 3).</summary>
    public int MaxDecodeDepth { get; init; } = 3;

    /// <summary>Literals longer than this are not decoded (they are usually embedded images or wasm).</summary>
    public int MaxDecodedLiteralBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest output of one decompression layer inside the decoder.</summary>
    public int MaxDecompressedBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest script that is parsed for behaviour analysis (its literals are still harvested above this).</summary>
    public int MaxAnalyzedScriptBytes { get; init; } = 96 * 1024 * 1024;

    /// <summary>
    /// Most syntax-tree nodes one script's parse may build (about <see cref="JavaScript.SyntaxNodeBudget.BytesPerNode"/>
    /// bytes each, so about 1.6 GB at the default; typical minified code has a node per four characters, so about 50 MB of
    /// it). Past it the script is analysed in regions cut between its top-level statements, each under the budget and
    /// one at a time, and reported incomplete, instead of the scan running out of memory; each normalisation round's
    /// rewrite is held to it too.
    /// </summary>
    public long MaxSyntaxNodesPerScript { get; init; } = 12_000_000;

    /// <summary>
    /// Largest script that is linked with the files it requires or imports and those that require or import it
    /// (<see cref="JavaScript.Linking.ModuleLinker"/>); a larger one (a bundle, which links its own modules) is analysed alone.
    /// </summary>
    public int MaxLinkedScriptBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Script bytes a scan keeps for linking, taken in the entries' order; a script past it that requires or
    /// imports another file is analysed alone and its analysis reported incomplete.
    /// </summary>
    public long MaxLinkedBytesPerScan { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// Bytes of entries read ahead of the scan to find the next script: a package's bundle often comes after its
    /// executables in the archive, and its analysis, the longest piece of work, then starts first instead of after them.
    /// Order only: reports are the same with any value (0 turns the look-ahead off).
    /// </summary>
    public long ScriptLookAheadBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest entry read as text (harvested as JavaScript or text tokens, analysed for behaviour); a larger one is
    /// harvested as bytes and its analysis reported incomplete. A .NET string holds at most about a billion characters.
    /// </summary>
    public long MaxTextEntryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Statements the JavaScript sandbox may run for the decoders of one file (each evaluation also costs
    /// <see cref="JavaScript.Sandbox.SandboxWorkMeter.EvaluationCost"/>); past it the file's analysis is incomplete.
    /// </summary>
    public long MaxSandboxStatementsPerFile { get; init; } = 40_000_000;

    /// <summary>Statements the sandbox may run for the whole scan; see <see cref="JavaScript.Sandbox.SandboxWorkBudget"/> for who is cut.</summary>
    public long MaxSandboxStatementsPerScan { get; init; } = 200_000_000;

    /// <summary>Findings of one rule kept per file with distinct evidence; the rest are counted in one summary finding.</summary>
    public int MaxDistinctFindingsPerRuleAndFile { get; init; } = 100;

    public static ScanLimits Default { get; } = new();
}

using System.Text;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.JavaScript;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// The behaviour analysis (parse, index, channels, value flow with decoders folded in the Jint sandbox,
/// tracing to sinks) on a 256 MB stack, as the scanner runs it.
/// </summary>
internal sealed class BehaviourTarget : IFuzzTarget
{
    private readonly BehaviourAnalyzer _analyzer = new(FuzzLimits.Scan);

    public string Name => "behaviour";

    public string Contract =>
        "BehaviourAnalyzer.Analyze throws nothing but InsufficientExecutionStackException for nesting past a 256 MB stack (the scanner's TT2000); a parse error is a result; findings are TT2001 with locations inside the script";

    public FuzzInputKind InputKind => FuzzInputKind.JavaScript;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 256 * 1024 * 1024;

    public IEnumerable<byte[]> Seeds() => TextSeeds.JavaScript();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var text = Encoding.UTF8.GetString(input.Span);
        // The file name says module or script to the parser only through the text; ".mjs" still exercises the path reporting.
        var path = input.Length % 3 == 0 ? "fuzz.mjs" : "fuzz.js";
        BehaviourAnalysis analysis;
        try
        {
            analysis = _analyzer.Analyze(text, path);
        }
        catch (InsufficientExecutionStackException)
        {
            // Nesting deeper than even a 256 MB stack holds (about 150,000 levels): the parser stops itself
            // rather than overflow, and the scanner reports the file as TT2000 (analysis failed).
            features.Add("outcome", "too-deep");
            return;
        }


        // Offsets are of the decoded text re-encoded (invalid UTF-8 grows by the replacement characters).
        var encodedLength = Math.Max(input.Length, Encoding.UTF8.GetByteCount(text));
        features.AddShape("parse-error", analysis.ParseError);
        features.AddMagnitude("nodes", analysis.Nodes);
        features.AddMagnitude("functions", analysis.Functions);
        features.AddMagnitude("candidates", analysis.ChannelCandidates);
        features.AddMagnitude("evaluations", analysis.DecoderEvaluations);
        features.AddMagnitude("findings", analysis.Findings.Count);
        // One finding per connected set of channels, so never more findings than channels.
        ContractViolationException.Require(analysis.Findings.Count <= analysis.ChannelCandidates,
            $"{analysis.Findings.Count} findings from {analysis.ChannelCandidates} channels");
        foreach (var finding in analysis.Findings)
        {
            ContractViolationException.Require(finding.RuleId == BehaviourAnalyzer.CovertChannelRuleId, $"finding with rule {finding.RuleId}");
            ContractViolationException.Require(finding.Location.Offset >= 0 && finding.Location.Offset <= encodedLength,
                $"finding at byte {finding.Location.Offset} of a {encodedLength}-byte script");
            features.Add("severity", finding.Severity.ToString());
            foreach (var capability in finding.Capabilities)
            {
                // The kind only: what follows the colon (an environment variable's name) comes from the script.
                features.Add("capability", capability.Split(':')[0]);
            }
        }
    }
}

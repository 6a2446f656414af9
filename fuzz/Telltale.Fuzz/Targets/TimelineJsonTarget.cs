using System.Text;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Tracking.History;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// Reading a stored timeline or bisection back (<c>policy suggest</c>, <c>report show history:ID</c>), and writing
/// what was read as those verbs do.
/// </summary>
internal sealed class TimelineJsonTarget : IFuzzTarget
{
    public string Name => "timeline-json";

    public string Contract =>
        "TimelineJsonReader.Read throws only InvalidDataException; a timeline or bisection it accepts, written by TimelineJsonWriter, reads back and writes the same text again";

    public FuzzInputKind InputKind => FuzzInputKind.Json;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => TimelineSeeds.All();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        (VersionTimeline? Timeline, BisectResult? Bisection) read;
        try
        {
            read = TimelineJsonReader.Read(Encoding.UTF8.GetString(input.Span));
        }
        catch (InvalidDataException ex)
        {
            JsonMessageFeatures.Add(features, "invalid", ex.Message);
            return;
        }

        ContractViolationException.Require(read.Timeline is null != read.Bisection is null, "the reader returned not exactly one of a timeline and a bisection");
        features.Add("kind", read.Timeline is null ? "bisection" : "timeline");
        features.AddMagnitude("versions", read.Timeline?.Versions.Count ?? read.Bisection!.Scans.Count);
        var first = Write(read);
        (VersionTimeline? Timeline, BisectResult? Bisection) again;
        try
        {
            again = TimelineJsonReader.Read(first);
        }
        catch (InvalidDataException ex)
        {
            throw new ContractViolationException($"a timeline or bisection that was read could not be read after writing it: {ex.Message}", ex);
        }

        ContractViolationException.Require(again.Timeline is null == read.Timeline is null, "a timeline read back as a bisection, or a bisection as a timeline");
        var second = Write(again);
        if (first != second)
        {
            var at = first.Zip(second).TakeWhile(p => p.First == p.Second).Count();
            throw new ContractViolationException($"written, read and written again, the JSON is not the same text: first difference at character {at}: '{Around(first, at)}' became '{Around(second, at)}'");
        }
    }

    private static string Write((VersionTimeline? Timeline, BisectResult? Bisection) read)
    {
        var text = new StringWriter();
        if (read.Timeline is { } timeline)
        {
            TimelineJsonWriter.Write(timeline, text);
        }
        else
        {
            TimelineJsonWriter.Write(read.Bisection!, text);
        }

        return text.ToString();
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 30), Math.Min(text.Length, at + 30) - Math.Max(0, at - 30));
}

using System.Security.Cryptography;
using Telltale.Fuzz.Engine;

namespace Telltale.Tests.Fuzzing;

/// <summary>
/// A target for testing the runner itself: records each input's hash, and fails the way it is told to when
/// an input starts with a trigger byte.
/// </summary>
internal sealed class RecordingTarget(byte trigger, Action onTrigger) : IFuzzTarget
{
    public List<string> Inputs { get; } = [];

    public string Name => "recording";

    public string Contract => "test target";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => 4096;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => [[0x10, 0x20, 0x30, 0x40], [0x01, 0x02]];

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        Inputs.Add(Convert.ToHexString(SHA256.HashData(input.Span)));
        features.AddMagnitude("length", input.Length);
        if (input.Length > 0 && input.Span[0] == trigger)
        {
            onTrigger();
        }
    }
}

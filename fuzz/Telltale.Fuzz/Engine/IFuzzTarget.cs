namespace Telltale.Fuzz.Engine;

/// <summary>
/// One entry point of Telltale.Core under fuzzing: the inputs it starts from and the contract every input
/// must keep. <see cref="Run"/> throws <see cref="ContractViolationException"/> when an output breaks a
/// bound; any other exception that leaves it is a crash (documented exceptions are caught inside).
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used on the command line, e.g. <c>tar.gz</c>.</summary>
    string Name { get; }

    /// <summary>What must hold for every input, in one sentence, for the CLI's listing and the docs.</summary>
    string Contract { get; }

    /// <summary>Which mutator suits the input: raw bytes, JavaScript text or JSON text.</summary>
    FuzzInputKind InputKind { get; }

    /// <summary>Mutated inputs are cut to this length so one input cannot take the campaign's memory.</summary>
    int MaxInputBytes { get; }

    /// <summary>
    /// The stack the input runs on, matching where production runs the code (the JavaScript analysis runs on
    /// 256 MB stacks); 0 for the runtime's default, which is what thread-pool threads get.
    /// </summary>
    int StackBytes { get; }

    /// <summary>Valid (and a few deliberately broken) inputs built in code; the same bytes on every call.</summary>
    IEnumerable<byte[]> Seeds();

    /// <summary>Runs one input and reports what it did to <paramref name="features"/> (which branches of output it reached).</summary>
    void Run(ReadOnlyMemory<byte> input, FeatureSink features);
}

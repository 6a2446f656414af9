namespace Telltale.Fuzz.Engine;

/// <summary>How long and with what one target is fuzzed. Exactly one of <see cref="Iterations"/> and <see cref="Duration"/> is set.</summary>
public sealed record FuzzRunOptions
{
    public required int Seed { get; init; }

    /// <summary>Mutated inputs to run after the seeds; the same inputs in the same order for the same seed.</summary>
    public long? Iterations { get; init; }

    /// <summary>Wall-clock budget, for campaigns (not for tests: the number of inputs then depends on the machine).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>An input that runs longer is a hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An input that allocates more than this (in total, not at once) is flagged.</summary>
    public long MemoryLimitBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Where crashes, hangs and new corpus inputs are written; nothing is written when null.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Inputs to start from besides the target's own seeds (a corpus directory).</summary>
    public IReadOnlyList<byte[]> ExtraCorpus { get; init; } = [];

    /// <summary>Inputs kept for mutation at most; the rest of the new features are still counted.</summary>
    public int MaxCorpus { get; init; } = 4096;

    /// <summary>Bytes kept for mutation at most: JavaScript inputs with megabyte strings would otherwise fill memory.</summary>
    public long MaxCorpusBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Progress lines; none when null.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>How often a progress line is written.</summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromSeconds(60);
}

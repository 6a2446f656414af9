namespace Telltale.Fuzz.Mutation;

/// <summary>Makes a new input from a corpus input; deterministic for a given <see cref="Random"/> state.</summary>
public interface IMutator
{
    /// <param name="input">The input to change (not modified).</param>
    /// <param name="corpus">Other inputs, for splicing.</param>
    /// <param name="random">The campaign's seeded generator.</param>
    /// <param name="maxBytes">The result is cut to this length.</param>
    byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus, Random random, int maxBytes);
}

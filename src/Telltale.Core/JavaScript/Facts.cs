using System.Collections.Immutable;
using Acornima.Ast;
using Telltale.Classification;

namespace Telltale.JavaScript;

/// <summary>An environment fact the code reads. <see cref="Aspect"/> names a part taken from it, e.g. the host name of a URL.</summary>
internal sealed record SourceFact(string Capability, string Subject, Node Site, string? Aspect = null)
{
    public string Summary => Aspect is null ? Subject : $"{Aspect} of {Subject}";

    public SourceFact WithAspect(string aspect) => Aspect == aspect ? this : this with { Aspect = aspect };
}

/// <summary>A list of strings the code holds; hidden when it only exists after decoding.</summary>
internal sealed record ListFact(ImmutableArray<string> Items, bool Hidden, ImmutableArray<string> DecodeChain, Node Site)
{
    /// <summary>What the items are; for a list of hashes, what the recovered ones are (the rest are unknown, not text).</summary>
    public ValueClass Class { get; init; } = ValueClassifier.ClassifyItems(Items);

    public bool Equals(ListFact? other) => other is not null && ReferenceEquals(Site, other.Site);

    public override int GetHashCode() => Site.GetHashCode();
}

/// <summary>A test of environment-derived values against constants or a list.</summary>
internal sealed record TestFact(string Operation, ImmutableHashSet<SourceFact> Subjects, ImmutableArray<string> Constants, ListFact? List, Node Site)
{
    public bool Equals(TestFact? other) => other is not null && ReferenceEquals(Site, other.Site);

    public override int GetHashCode() => Site.GetHashCode();
}

internal enum ChannelKind
{
    Confusable,
    Invisible,
    Transform,

    /// <summary>A choice between texts differing only in spacing: as invisible as a zero-width character on screen.</summary>
    Whitespace,

    /// <summary>A choice between texts differing in a dash, punctuation or letter case: visible, but not noticed.</summary>
    Subtle,
}

/// <summary>A choice between variants of text made by the outcome of <see cref="Controls"/>.</summary>
internal sealed record ChannelFact(ChannelKind Kind, ImmutableArray<string> Variants, ImmutableHashSet<TestFact> Controls, Node Site, string Description)
{
    public double Bits => Kind == ChannelKind.Transform ? 1 : Math.Log2(Math.Max(1, Variants.Length));

    /// <summary>Where the choice is made (a conditional, a selector function's choice); uses of one choice share it.</summary>
    public Node Origin { get; init; } = Site;

    public bool Equals(ChannelFact? other) => other is not null && ReferenceEquals(Site, other.Site) && Kind == other.Kind;

    public override int GetHashCode() => HashCode.Combine(Site, Kind);
}

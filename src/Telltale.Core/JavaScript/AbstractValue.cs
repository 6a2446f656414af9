using System.Collections.Immutable;
using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>
/// What the analysis knows about a JavaScript value: the environment facts it depends on, the tests that
/// decided it, the covert choices inside it, and — when they are known — its exact strings, list items,
/// object properties, callable functions or the host object it stands for.
/// </summary>
internal sealed record AbstractValue
{
    private const int MaxStrings = 32;

    /// <summary>No information, and nothing to contribute to a join (e.g. <c>null</c>).</summary>
    public static readonly AbstractValue Nothing = new() { IsNothing = true };

    public static readonly AbstractValue Unknown = new();

    public bool IsNothing { get; init; }
    public ImmutableHashSet<SourceFact> Sources { get; init; } = [];
    public ImmutableHashSet<TestFact> Tests { get; init; } = [];
    public ImmutableHashSet<ChannelFact> Channels { get; init; } = [];

    /// <summary>Every string the value can be, when few and known; default when unknown.</summary>
    public ImmutableArray<string> Strings { get; init; }

    public double? Number { get; init; }

    /// <summary>For strings that only exist decoded: how they were decoded, outermost first.</summary>
    public ImmutableArray<string> DecodeChain { get; init; }
    public ListFact? List { get; init; }
    public string? RegexPattern { get; init; }
    public ImmutableDictionary<string, AbstractValue>? Properties { get; init; }
    public ImmutableArray<AbstractValue> Elements { get; init; }
    public ImmutableArray<Node> Functions { get; init; }

    /// <summary>A class (or, with <see cref="IsInstance"/>, an instance of it) whose members are looked up in its body.</summary>
    public Node? Class { get; init; }

    public bool IsInstance { get; init; }

    /// <summary>A host object or function by name: <c>process.env</c>, <c>module:os</c>, <c>Intl</c>, <c>resolvedOptions</c>.</summary>
    public string? Host { get; init; }

    public bool IsTainted => !Sources.IsEmpty || !Tests.IsEmpty || !Channels.IsEmpty;

    public bool IsConstant => !Strings.IsDefault || Number is not null;

    public string? SingleString => !Strings.IsDefault && Strings.Length == 1 ? Strings[0] : null;

    public static AbstractValue String(string value) => new() { Strings = [value] };

    public static AbstractValue OfHost(string host) => new() { Host = host };

    public static AbstractValue OfSource(SourceFact source) => new() { Sources = [source] };

    public static AbstractValue OfFunction(Node function) => new() { Functions = [function] };

    /// <summary>The facts of this value without its shape: what flows through an operation the analysis does not model.</summary>
    public AbstractValue Taint() => IsTainted ? new AbstractValue { Sources = Sources, Tests = Tests, Channels = Channels } : Unknown;

    public AbstractValue WithFactsOf(AbstractValue other)
    {
        if (!other.IsTainted)
        {
            return this;
        }

        return this with
        {
            IsNothing = false,
            Sources = Sources.Union(other.Sources),
            Tests = Tests.Union(other.Tests),
            Channels = Channels.Union(other.Channels),
        };
    }

    public static AbstractValue Join(IEnumerable<AbstractValue> values)
    {
        AbstractValue? result = null;
        foreach (var value in values)
        {
            result = result is null ? value : Join(result, value);
        }

        return result ?? Nothing;
    }

    public static AbstractValue Join(AbstractValue a, AbstractValue b)
    {
        if (a.IsNothing)
        {
            return b;
        }

        if (b.IsNothing || ReferenceEquals(a, b))
        {
            return a;
        }

        var strings = a.Strings.IsDefault || b.Strings.IsDefault ? default : a.Strings.Union(b.Strings).ToImmutableArray();
        if (!strings.IsDefault && strings.Length > MaxStrings)
        {
            strings = default;
        }

        return new AbstractValue
        {
            Sources = a.Sources.Union(b.Sources),
            Tests = a.Tests.Union(b.Tests),
            Channels = a.Channels.Union(b.Channels),
            Strings = strings,
            Number = a.Number == b.Number ? a.Number : null,
            List = a.List ?? b.List,
            RegexPattern = a.RegexPattern ?? b.RegexPattern,
            Properties = JoinProperties(a.Properties, b.Properties),
            Elements = !a.Elements.IsDefault && !b.Elements.IsDefault && a.Elements.Length == b.Elements.Length
                ? a.Elements.Zip(b.Elements, Join).ToImmutableArray()
                : a.Elements.IsDefault ? b.Elements : a.Elements,
            Functions = a.Functions.IsDefault ? b.Functions : b.Functions.IsDefault ? a.Functions : a.Functions.Union(b.Functions).ToImmutableArray(),
            Host = a.Host ?? b.Host,
            Class = a.Class ?? b.Class,
            IsInstance = a.Class is not null ? a.IsInstance : b.IsInstance,
            DecodeChain = a.DecodeChain.IsDefault ? b.DecodeChain : a.DecodeChain,
        };
    }

    private static ImmutableDictionary<string, AbstractValue>? JoinProperties(ImmutableDictionary<string, AbstractValue>? a, ImmutableDictionary<string, AbstractValue>? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var result = a;
        foreach (var (key, value) in b)
        {
            result = result.SetItem(key, result.TryGetValue(key, out var existing) ? Join(existing, value) : value);
        }

        return result;
    }
}

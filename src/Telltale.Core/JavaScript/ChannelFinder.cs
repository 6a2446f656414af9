using System.Collections.Immutable;
using Acornima.Ast;
using Telltale.Classification;

namespace Telltale.JavaScript;

/// <summary>
/// Finds covert channels: places where the code picks between look-alike or invisible strings, or
/// changes text, depending on a test of the environment. Candidates come from the parse index (short
/// non-ASCII strings, conditional replacements); the evaluator decides whether the environment controls them.
/// </summary>
internal sealed class ChannelFinder
{
    private const int MaxRegionLiterals = 400;
    private const int MaxCallSites = 24;

    /// <summary>Evaluation steps for one condition: an environment test is a few calls away, not thousands.</summary>
    private const int ConditionBudget = 10_000;

    private readonly JavaScriptProgram _program;
    private readonly ValueEvaluator _evaluator;
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public ChannelFinder(JavaScriptProgram program, ValueEvaluator evaluator)
    {
        _program = program;
        _evaluator = evaluator;
    }

    public List<ChannelFact> Find()
    {
        var channels = new List<ChannelFact>();
        var seenSites = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var regionLiterals = new Dictionary<Node, ILookup<string, string>>(ReferenceEqualityComparer.Instance);
        foreach (var literal in _program.NonAsciiShortStrings)
        {
            var text = StringOf(literal)!;
            var region = RegionOf(literal);
            if (!regionLiterals.TryGetValue(region, out var bySkeleton))
            {
                // Look-alikes share a skeleton once invisible characters are dropped: group once per region.
                bySkeleton = ShortStrings(region).ToLookup(LookAlikeKey, StringComparer.Ordinal);
                regionLiterals[region] = bySkeleton;
            }

            var group = bySkeleton[LookAlikeKey(text)].Where(other => other != text && Confusables.IsLookAlikeVariantSet([text, other])).Append(text).Distinct().ToList();
            if (group.Count < 2)
            {
                continue;
            }

            foreach (var (site, origin) in SelectionSites(literal))
            {
                if (seenSites.Add(site) && Confirm(site, group) is { } channel)
                {
                    channels.Add(channel with { Origin = origin });
                }
            }
        }

        foreach (var literal in _program.NonAsciiShortStrings)
        {
            if (StringOf(literal) is { } text && Confusables.RemoveInvisible(text).Length == 0)
            {
                foreach (var channel in InvisibleAppends(literal, text))
                {
                    if (seenSites.Add(channel.Site))
                    {
                        channels.Add(channel);
                    }
                }
            }
        }

        foreach (var choice in _program.SubtleChoices)
        {
            foreach (var (site, origin) in SelectionSites(choice.Consequent))
            {
                if (seenSites.Add(site) && ConfirmSubtle(site, choice) is { } channel)
                {
                    channels.Add(channel with { Origin = origin });
                }
            }
        }

        foreach (var node in _program.ConditionalReplacements)
        {
            if (TransformChannel(node) is { } channel)
            {
                channels.Add(channel);
            }
        }

        return channels;
    }

    private string LookAlikeKey(string text)
    {
        if (!_keys.TryGetValue(text, out var key))
        {
            // Skeleton first (it maps U+00A0 to a space), then drop what remains invisible (U+200B).
            key = Confusables.RemoveInvisible(Confusables.Skeleton(text));
            _keys[text] = key;
        }

        return key;
    }

    private static string? StringOf(Node node) => node switch
    {
        StringLiteral s => s.Value,
        TemplateLiteral t when t.Expressions.Count == 0 => t.Quasis[0].Value.Cooked,
        TemplateElement e when JavaScriptProgram.Parent(e) is TemplateLiteral { Expressions.Count: > 0 } => e.Value.Cooked,
        CallExpression call => JavaScriptProgram.CharCodeString(call),
        _ => null,
    };

    /// <summary>The function around a literal, or its top-level statement when it sits outside any function.</summary>
    private Node RegionOf(Node node)
    {
        var function = _program.FunctionOf(node);
        if (function is not Acornima.Ast.Program)
        {
            return function;
        }

        var current = node;
        while (JavaScriptProgram.Parent(current) is { } parent && parent is not Acornima.Ast.Program)
        {
            current = parent;
        }

        return current;
    }

    private static List<string> ShortStrings(Node region)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in AstWalk.Descendants(region, intoNestedFunctions: false))
        {
            if (strings.Count >= MaxRegionLiterals)
            {
                break;
            }

            if (StringOf(node) is { Length: <= JavaScriptProgram.ShortStringLimit } text)
            {
                strings.Add(text);
            }
        }

        return [.. strings];
    }

    /// <summary>Where a choice that includes <paramref name="literal"/> becomes a value: the call sites of a selector function, or the choosing expression.</summary>
    private IEnumerable<(Node Site, Node Origin)> SelectionSites(Node literal) => SitesOf(literal, out var origin).Select(site => (site, origin));

    private IEnumerable<Node> SitesOf(Node literal, out Node origin)
    {
        Node current = literal;
        while (JavaScriptProgram.Parent(current) is { } parent)
        {
            // Through choices and through the text the variant is spliced into ("“" + w + "”").
            var isBranch = parent switch
            {
                ConditionalExpression c => !ReferenceEquals(c.Test, current),
                LogicalExpression or ParenthesizedExpression or TemplateLiteral => true,
                BinaryExpression { Operator: Acornima.Operator.Addition } => true,
                SequenceExpression s => ReferenceEquals(s.Expressions[^1], current),
                _ => false,
            };
            // ({ "a.example": "’" })[host], ["'", "’"][i], or the same tables held in a constant: the index chooses.
            var table = parent switch
            {
                Property property when ReferenceEquals(property.Value, current) && JavaScriptProgram.Parent(property) is ObjectExpression obj => (Node)obj,
                ArrayExpression array => array,
                _ => null,
            };
            if (!isBranch && table is not null)
            {
                var lookups = IndexedUses(table);
                if (lookups.Count == 1)
                {
                    current = lookups[0];
                    continue;
                }

                if (lookups.Count > 1)
                {
                    origin = table;
                    return lookups;
                }
            }

            if (!isBranch)
            {
                break;
            }

            current = parent;
        }

        origin = current;
        var container = JavaScriptProgram.Parent(current);
        if (container is ReturnStatement || container is ArrowFunctionExpression arrow && ReferenceEquals(arrow.Body, current))
        {
            var function = _program.FunctionOf(current);
            var sites = _evaluator.CallSites(function).Take(MaxCallSites).ToList<Node>();
            // Callers unknown: the choice itself, with whatever decides it inside the function.
            return sites.Count > 0 ? sites : [current];
        }

        if (container is VariableDeclarator { Id: Identifier } or AssignmentExpression { Left: Identifier })
        {
            var id = container is VariableDeclarator d ? (Identifier)d.Id : (Identifier)((AssignmentExpression)container).Left;
            var scope = _program.ScopeOf(id);
            return _program.References(scope, id.Name).Where(r => JavaScriptProgram.Parent(r) is not VariableDeclarator and not AssignmentExpression { Left: Identifier }).Take(4);
        }

        return [current];
    }

    /// <summary><c>table[key]</c> expressions that read <paramref name="table"/> with a computed key, inline or through a constant.</summary>
    private List<Node> IndexedUses(Node table)
    {
        static bool Indexes(Node? parent, Node target) => parent is MemberExpression { Computed: true } member && ReferenceEquals(member.Object, target);

        if (Indexes(JavaScriptProgram.Parent(table), table))
        {
            return [JavaScriptProgram.Parent(table)!];
        }

        if (JavaScriptProgram.Parent(table) is VariableDeclarator { Id: Identifier name } declarator && ReferenceEquals(declarator.Init, table))
        {
            return [.. _program.References(_program.ScopeOf(name), name.Name).Where(r => Indexes(JavaScriptProgram.Parent(r), r)).Select(r => (Node)JavaScriptProgram.Parent(r)!).Take(MaxCallSites)];
        }

        return [];
    }

    private ChannelFact? Confirm(Node site, List<string> group)
    {
        var value = _evaluator.EvaluateRoot(site);
        var controls = EnvironmentTests(value);
        if (controls.IsEmpty)
        {
            return null;
        }

        var variants = value.Strings.IsDefault || value.Strings.Length < 2 ? group : [.. value.Strings];
        if (variants.Count < 2 || !Confusables.IsLookAlikeVariantSet(variants))
        {
            return null;
        }

        var kind = variants.Select(Confusables.RemoveInvisible).Distinct(StringComparer.Ordinal).Count() == 1 || variants.Any(v => v.Any(c => c != ' ' && char.IsWhiteSpace(c)))
            ? ChannelKind.Invisible
            : ChannelKind.Confusable;
        var described = string.Join(" / ", variants.Select(Describe));
        return new ChannelFact(kind, [.. variants], controls, site, described);
    }

    /// <summary>A subtle choice (<c>tz ? "/" : "-"</c>) whose branch is decided by an environment test.</summary>
    private ChannelFact? ConfirmSubtle(Node site, ConditionalExpression choice)
    {
        var value = _evaluator.EvaluateRoot(site);
        // Spacing and punctuation chosen by what the terminal is (TERM, TERM_PROGRAM, NO_COLOR…) is layout for that
        // terminal, as common in prompt libraries as it is meaningless as a fingerprint sent anywhere.
        var controls = EnvironmentTests(value).Where(test => !test.Subjects.All(IsTerminalDescription)).ToImmutableHashSet();
        if (controls.IsEmpty)
        {
            return null;
        }

        string[] pair = [((StringLiteral)choice.Consequent).Value, ((StringLiteral)choice.Alternate).Value];
        if (SubtleVariants.Classify(pair) is not { } difference)
        {
            return null;
        }

        var kind = difference == SubtleDifference.Whitespace ? ChannelKind.Whitespace : ChannelKind.Subtle;
        var described = $"{string.Join(" / ", pair.Select(Describe))} ({SubtleVariants.Name(difference)})";
        return new ChannelFact(kind, [.. pair], controls, site, described);
    }

    private static readonly HashSet<string> TerminalVariables = new(StringComparer.Ordinal)
    {
        "TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "WT_SESSION", "TERMINAL_EMULATOR",
        "COLUMNS", "LINES", "CI", "ConEmuANSI", "VTE_VERSION",
    };

    private static bool IsTerminalDescription(SourceFact source) =>
        source.Capability.StartsWith("env.read:", StringComparison.Ordinal) && TerminalVariables.Contains(source.Capability["env.read:".Length..]);

    private static ImmutableHashSet<TestFact> EnvironmentTests(AbstractValue value) => value.Tests.Where(t => !t.Subjects.IsEmpty).ToImmutableHashSet();

    /// <summary>A variant by its distinguishing characters, e.g. <c>’ (U+2019 RIGHT SINGLE QUOTATION MARK)</c>.</summary>
    internal static string Describe(string variant)
    {
        if (variant.Length == 0)
        {
            return "(nothing)";
        }

        var special = variant.EnumerateRunes().Where(r => r.Value >= 0x80 || Confusables.IsInvisible(r.Value)).Select(r => Confusables.Describe(r.Value)).Distinct().ToList();
        if (special.Count == 0 && variant.EnumerateRunes().Count() <= 2)
        {
            special = [.. variant.EnumerateRunes().Select(r => Confusables.Describe(r.Value))];
        }

        return special.Count == 0 ? $"\"{variant}\"" : $"\"{variant}\" ({string.Join(", ", special)})";
    }

    /// <summary>
    /// <c>if (test) tag += "\u200b"</c> or <c>s + (test ? "\u200b" : "")</c> without the empty branch:
    /// invisible text added only when an environment test holds.
    /// </summary>
    private IEnumerable<ChannelFact> InvisibleAppends(Node literal, string text)
    {
        var uses = new List<Node> { literal };
        if (JavaScriptProgram.Parent(literal) is VariableDeclarator { Id: Identifier constant })
        {
            uses.AddRange(_program.References(_program.ScopeOf(constant), constant.Name).Where(r => !ReferenceEquals(r, constant)).Take(16));
        }

        foreach (var use in uses)
        {
            var append = AppendOf(use);
            if (append is null || ConditionOf(append) is not { } condition)
            {
                continue;
            }

            var controls = EnvironmentTests(_evaluator.EvaluateRoot(condition, ConditionBudget));
            if (!controls.IsEmpty)
            {
                yield return new ChannelFact(ChannelKind.Invisible, ["", text], controls, append, $"{Describe(text)} appended / nothing");
            }
        }
    }

    /// <summary>The <c>x += use</c> or <c>x + use</c> expression that splices <paramref name="use"/> onto other text.</summary>
    private static Node? AppendOf(Node use)
    {
        var current = use;
        while (JavaScriptProgram.Parent(current) is ParenthesizedExpression or TemplateLiteral or BinaryExpression { Operator: Acornima.Operator.Addition })
        {
            current = JavaScriptProgram.Parent(current)!;
        }

        return JavaScriptProgram.Parent(current) switch
        {
            AssignmentExpression { Operator: Acornima.Operator.AdditionAssignment } assignment => assignment,
            _ when !ReferenceEquals(current, use) => current,
            _ => null,
        };
    }

    /// <summary>The test of the nearest <c>if</c> or conditional around <paramref name="node"/> in its function.</summary>
    private static Expression? ConditionOf(Node node)
    {
        var child = node;
        for (var parent = JavaScriptProgram.Parent(node); parent is not null and not IFunction; child = parent, parent = JavaScriptProgram.Parent(parent))
        {
            switch (parent)
            {
                case IfStatement conditional when !ReferenceEquals(conditional.Test, child):
                    return conditional.Test;
                case ConditionalExpression conditional when !ReferenceEquals(conditional.Test, child):
                    return conditional.Test;
                case LogicalExpression { Operator: Acornima.Operator.LogicalAnd } logical when ReferenceEquals(logical.Right, child):
                    return logical.Left;
            }
        }

        return null;
    }

    private ChannelFact? TransformChannel(Node node)
    {
        var (test, changed, site) = node switch
        {
            ConditionalExpression c => (c.Test, JavaScriptProgram.ReplacementReceiver(c.Consequent) is not null ? c.Consequent : c.Alternate, node),
            IfStatement i => (i.Test, AssignedValue(i.Consequent), (Node?)AssignmentOf(i.Consequent)),
            LogicalExpression { Right: AssignmentExpression a } l => (l.Left, a.Right, a),
            _ => (null, null, null),
        };
        if (test is null || changed is not CallExpression call || site is null)
        {
            return null;
        }

        var controls = EnvironmentTests(_evaluator.EvaluateRoot(test, ConditionBudget));
        if (controls.IsEmpty)
        {
            return null;
        }

        var (from, to) = ReplacementOf(call);
        return new ChannelFact(ChannelKind.Transform, [from, to], controls, site, $"\"{from}\" → \"{to}\"");
    }

    private (string From, string To) ReplacementOf(CallExpression call)
    {
        if (call.Callee is MemberExpression { Property: Identifier { Name: "join" } } && call.Arguments.Count > 0
            && call.Callee is MemberExpression { Object: CallExpression split } && split.Arguments.Count > 0)
        {
            return (Constant(split.Arguments[0]), Constant(call.Arguments[0]));
        }

        return call.Arguments.Count >= 2 ? (Constant(call.Arguments[0]), Constant(call.Arguments[1])) : ("?", "?");
    }

    private string Constant(Node node) => node switch
    {
        StringLiteral s => s.Value,
        RegExpLiteral r => ValueEvaluator.RegexAlternatives(r.RegExp.Pattern) is { Length: 1 } single ? single[0] : $"/{r.RegExp.Pattern}/",
        _ => _program.Excerpt(node, 40),
    };

    private static AssignmentExpression? AssignmentOf(Statement statement) => statement switch
    {
        ExpressionStatement { Expression: AssignmentExpression a } => a,
        BlockStatement { Body.Count: 1 } block when block.Body[0] is ExpressionStatement { Expression: AssignmentExpression a } => a,
        _ => null,
    };

    private static Expression? AssignedValue(Statement statement) => AssignmentOf(statement)?.Right;
}

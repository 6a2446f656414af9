using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Acornima;
using Acornima.Ast;
using Telltale.JavaScript.Linking;

namespace Telltale.JavaScript;

/// <summary>
/// Works out, on demand, what an expression's value depends on: follows bindings to their definitions,
/// parameters to arguments, calls into functions and back through their returns, properties through
/// objects, and folds decoder calls — within a step budget so that a 13 MB bundle stays fast.
/// </summary>
internal sealed class ValueEvaluator
{
    private const int MaxFrameDepth = 6;
    private const int MaxEvaluationDepth = 500;
    private const int MaxCallSites = 24;
    private const int MaxMethodCallSites = 16;
    private const int MaxFunctionsPerCall = 4;

    /// <summary>The host value of <c>crypto.createHash(algorithm)</c>: <c>hash:sha256</c>.</summary>
    private const string HashHostPrefix = "hash:";

    /// <summary>What a source becomes once hashed, after the algorithm's name: "sha256 digest of host name".</summary>
    private const string DigestAspect = " digest";

    /// <summary>An object's properties are looked for among this many of its references (a bundle's shared object has thousands).</summary>
    private const int MaxOwnerReferences = 400;

    private static readonly HashSet<string> KnownGlobals =
        ["process", "Intl", "navigator", "Buffer", "require", "String", "JSON", "Object", "Promise", "Array", "Math", "Date", "globalThis", "window", "self", "atob", "btoa", "Reflect", "Number", "Boolean", "Set", "Map", "RegExp", "URL", "decodeURIComponent", "encodeURIComponent", "parseInt"];

    private static readonly HashSet<string> StringPassThrough =
        ["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd", "normalize", "slice", "substring", "substr", "padStart", "padEnd", "concat", "at", "charAt", "toString", "valueOf", "replace", "replaceAll", "split", "join", "repeat", "map", "filter", "flat", "flatMap", "reverse", "sort", "then", "trimLeft", "trimRight", "keys", "values", "entries", "get"];

    private readonly JavaScriptProgram _program;
    private readonly DecoderFolding _folding;
    private readonly Dictionary<Node, AbstractValue> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Node> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, FunctionShape> _shapes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<(Node, Frame)> _framesInProgress = [];
    private BundledModules? _bundledModules;
    private readonly Dictionary<string, (Node Function, object?[] Constants)> _customHashes = new(StringComparer.Ordinal);
    private readonly Dictionary<Node, string> _hashAspects = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, bool> _hashShapes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, Dictionary<string, string>> _hashTables = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, List<Node>> _classThis = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, List<Node>> _classOwnNames = new(ReferenceEqualityComparer.Instance);
    private const string HashAspectSuffix = " hash";
    private int _budget;
    private int _depth;

    public ValueEvaluator(JavaScriptProgram program, DecoderFolding folding)
    {
        _program = program;
        _folding = folding;
    }

    public int Steps { get; private set; }

    /// <summary>Starts a new question with a fresh step budget; memoised answers are kept.</summary>
    public AbstractValue EvaluateRoot(Node expression, int budget = 40_000)
    {
        _budget = budget;
        return Evaluate(expression, null);
    }

    public AbstractValue Evaluate(Node node, Frame? frame)
    {
        if ((++Steps & 0xFFF) == 0)
        {
            _folding.CancellationToken.ThrowIfCancellationRequested();
        }

        // Long concatenation chains and call chains recurse deeply: give up on the branch, not the process.
        if (--_budget < 0 || _depth > MaxEvaluationDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return AbstractValue.Unknown;
        }

        _depth++;
        try
        {
            return EvaluateGuarded(node, frame);
        }
        finally
        {
            _depth--;
        }
    }

    private AbstractValue EvaluateGuarded(Node node, Frame? frame)
    {
        if (frame is not null)
        {
            if (!_framesInProgress.Add((node, frame)))
            {
                return AbstractValue.Nothing;
            }

            var framed = EvaluateCore(node, frame);
            _framesInProgress.Remove((node, frame));
            return framed;
        }

        if (_memo.TryGetValue(node, out var cached))
        {
            return cached;
        }

        if (!_inProgress.Add(node))
        {
            return AbstractValue.Nothing;
        }

        var value = EvaluateCore(node, null);
        _inProgress.Remove(node);
        if (_budget >= 0)
        {
            _memo[node] = value;
        }

        return value;
    }

    private AbstractValue EvaluateCore(Node node, Frame? frame)
    {
        switch (node)
        {
            case StringLiteral s:
                return AbstractValue.String(s.Value);
            case NumericLiteral n:
                return new AbstractValue { Number = n.Value };
            case RegExpLiteral r:
                var alternatives = RegexAlternatives(r.RegExp.Pattern);
                return new AbstractValue
                {
                    RegexPattern = r.RegExp.Pattern,
                    // /^Asia\/(Shanghai|Urumqi)$/ is a list written as a pattern.
                    List = alternatives.Length >= 2 && alternatives[0] != r.RegExp.Pattern ? new ListFact(alternatives, false, [], r) : null,
                };
            case Literal:
                return AbstractValue.Nothing;
            case TemplateLiteral template:
                return EvaluateTemplate(template, frame);
            case TaggedTemplateExpression tagged:
                return EvaluateTemplate(tagged.Quasi, frame).Taint();
            case ArrayExpression array:
                return EvaluateArray(array, frame);
            case ObjectExpression obj:
                return EvaluateObject(obj, frame);
            case Identifier id:
                return EvaluateIdentifier(id, frame);
            case MemberExpression member:
                return EvaluateMember(member, frame);
            case ChainExpression chain:
                return Evaluate(chain.Expression, frame);
            case ParenthesizedExpression paren:
                return Evaluate(paren.Expression, frame);
            case AwaitExpression awaited:
                return Evaluate(awaited.Argument, frame);
            case SequenceExpression sequence:
                return Evaluate(sequence.Expressions[^1], frame);
            case AssignmentExpression assignment:
                return Evaluate(assignment.Right, frame);
            case ConditionalExpression conditional:
                return AbstractValue.Join(Evaluate(conditional.Consequent, frame), Evaluate(conditional.Alternate, frame))
                    .WithFactsOf(Controls(Evaluate(conditional.Test, frame)));
            case LogicalExpression logical:
                return EvaluateLogical(logical, frame);
            case BinaryExpression binary:
                return EvaluateBinary(binary, frame);
            case UnaryExpression unary:
                return EvaluateUnary(unary, frame);
            case CallExpression call:
                return EvaluateCall(call, frame);
            case NewExpression created:
                return EvaluateNew(created, frame);
            case IFunction:
                return AbstractValue.OfFunction(node);
            case ClassExpression:
                return new AbstractValue { Class = node };
            case ThisExpression:
                return EnclosingClass(node) is { } owner ? new AbstractValue { Class = owner, IsInstance = !InStaticMember(node) } : AbstractValue.Unknown;
            case SpreadElement spread:
                return Evaluate(spread.Argument, frame);
            case MetaProperty { Meta.Name: "import", Property.Name: "meta" }:
                return AbstractValue.OfHost("import.meta");
            default:
                return AbstractValue.Unknown;
        }
    }

    /// <summary>A condition decides a value: its tests (and choices) become the value's, its plain data does not.</summary>
    private static AbstractValue Controls(AbstractValue condition) =>
        condition.Tests.IsEmpty && condition.Channels.IsEmpty ? AbstractValue.Unknown : new AbstractValue { Tests = condition.Tests, Channels = condition.Channels };

    private AbstractValue EvaluateTemplate(TemplateLiteral template, Frame? frame)
    {
        var strings = ImmutableArray.Create(template.Quasis[0].Value.Cooked ?? "");
        var facts = AbstractValue.Unknown;
        for (var i = 0; i < template.Expressions.Count; i++)
        {
            var part = Evaluate(template.Expressions[i], frame);
            facts = facts.WithFactsOf(part);
            var next = template.Quasis[i + 1].Value.Cooked ?? "";
            strings = Concatenate(strings, part.IsConstant ? ConstantStrings(part) : default, next);
        }

        return facts.IsTainted ? (facts with { Strings = strings }) : new AbstractValue { Strings = strings };
    }

    private static ImmutableArray<string> ConstantStrings(AbstractValue value) =>
        !value.Strings.IsDefault ? value.Strings : value.Number is { } n ? [n.ToString(CultureInfo.InvariantCulture)] : default;

    private static ImmutableArray<string> Concatenate(ImmutableArray<string> left, ImmutableArray<string> middle, string right)
    {
        if (left.IsDefault || middle.IsDefault || left.Length * middle.Length > 32)
        {
            return default;
        }

        return [.. left.SelectMany(l => middle.Select(m => l + m + right))];
    }

    private AbstractValue EvaluateArray(ArrayExpression array, Frame? frame)
    {
        var elements = ImmutableArray.CreateBuilder<AbstractValue>(array.Elements.Count);
        var items = ImmutableArray.CreateBuilder<string>();
        var allStrings = array.Elements.Count > 0;
        var facts = AbstractValue.Unknown;
        foreach (var element in array.Elements)
        {
            var value = element is null ? AbstractValue.Nothing : Evaluate(element, frame);
            elements.Add(value);
            facts = facts.WithFactsOf(value);
            if (value.SingleString is { } s && element is not SpreadElement)
            {
                items.Add(s);
            }
            else
            {
                allStrings = false;
            }
        }

        var result = facts with { Elements = elements.ToImmutable(), Strings = default };
        return allStrings ? result with { List = new ListFact(items.ToImmutable(), false, [], array) } : result;
    }

    private AbstractValue EvaluateObject(ObjectExpression obj, Frame? frame)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, AbstractValue>(StringComparer.Ordinal);
        foreach (var property in obj.Properties)
        {
            switch (property)
            {
                case Property p when PropertyKey(p, frame) is { } key && p.Value is Expression value:
                    properties[key] = Evaluate(value, frame);
                    break;
                case SpreadElement spread when Evaluate(spread.Argument, frame).Properties is { } spreadProperties:
                    // Later entries win, as in JavaScript: {a: 1, ...o} takes o.a.
                    foreach (var (key, value) in spreadProperties)
                    {
                        properties[key] = value;
                    }

                    break;
            }
        }

        return new AbstractValue { Properties = properties.ToImmutable() };
    }

    private string? PropertyKey(Property property, Frame? frame) => property.Key switch
    {
        Identifier id when !property.Computed => id.Name,
        StringLiteral s => s.Value,
        NumericLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        Expression key when property.Computed => Evaluate(key, frame).SingleString,
        _ => null,
    };

    private AbstractValue EvaluateLogical(LogicalExpression logical, Frame? frame)
    {
        var left = Evaluate(logical.Left, frame);
        var right = Evaluate(logical.Right, frame);
        // a && b yields b's value when a holds: a decides it, so a's tests control the result.
        return logical.Operator == Operator.LogicalAnd ? right.WithFactsOf(Controls(left)).WithFactsOf(left.Taint()) : AbstractValue.Join(left, right);
    }

    private AbstractValue EvaluateUnary(UnaryExpression unary, Frame? frame)
    {
        var argument = Evaluate(unary.Argument, frame);
        return unary.Operator switch
        {
            Operator.UnaryNegation when argument.Number is { } n => new AbstractValue { Number = -n },
            Operator.LogicalNot when unary.Argument is NumericLiteral n => new AbstractValue { Number = n.Value == 0 ? 1 : 0 },
            Operator.TypeOf or Operator.Void or Operator.Delete => AbstractValue.Unknown,
            _ => argument.Taint(),
        };
    }

    private AbstractValue EvaluateBinary(BinaryExpression binary, Frame? frame)
    {
        var left = Evaluate(binary.Left, frame);
        var right = Evaluate(binary.Right, frame);
        switch (binary.Operator)
        {
            case Operator.StrictEquality or Operator.Equality or Operator.StrictInequality or Operator.Inequality:
                return Compare(binary.Operator is Operator.StrictEquality or Operator.StrictInequality ? "===" : "==", left, right, binary)
                    ?? left.Taint().WithFactsOf(right.Taint());
            case Operator.Addition:
                var strings = left.IsConstant && right.IsConstant ? Concatenate(ConstantStrings(left), ConstantStrings(right), "") : default;
                return new AbstractValue { Strings = strings }.WithFactsOf(left).WithFactsOf(right);
            case Operator.In or Operator.InstanceOf:
                return Compare(binary.Operator == Operator.In ? "in" : "instanceof", left, right, binary) ?? left.Taint().WithFactsOf(right.Taint());
            default:
                return left.Taint().WithFactsOf(right.Taint());
        }
    }

    /// <summary>A test when one side depends on the environment and the other is a constant or a list.</summary>
    private AbstractValue? Compare(string operation, AbstractValue a, AbstractValue b, Node site)
    {
        foreach (var (subject, other, subjectFirst) in new[] { (a, b, true), (b, a, false) })
        {
            var subjects = Subjects(subject);
            // Numbers are only a list against a hash: FNV and its kin give numbers, and a set of them is the list.
            var numbers = subjects.Any(s => s.Aspect is { } aspect && _customHashes.ContainsKey(aspect)) ? NumberItems(other) : default;
            if (subjects.IsEmpty || (!other.IsConstant && other.List is null && other.RegexPattern is null && numbers.IsDefault) || other.IsTainted)
            {
                continue;
            }

            var constants = other.RegexPattern is { } pattern ? RegexAlternatives(pattern) : numbers.IsDefault ? ConstantStrings(other) : numbers;
            var list = HashedList(subjects, other.List is { } l ? l.Items : constants, other.List?.Site ?? site) ?? other.List;
            var test = new TestFact(Wording(operation, subjectFirst), subjects, constants.IsDefault || list != other.List ? [] : constants, list, site);
            return new AbstractValue { Tests = [test] };
        }

        return null;
    }

    /// <summary>
    /// A list of digests compared with a digest of an environment value (<c>HASHES.has(sha256(host))</c>) is a hidden list
    /// whose items are recovered by hashing the names it is likely to hold; null when the subject is not a digest or the
    /// items are not digests. Items not recovered stay in the list as <c>sha256:3fa9c1d2…</c>, so its size is honest.
    /// </summary>
    private static ListFact? MapKeys(AbstractValue entries, Node site) =>
        !entries.Elements.IsDefault && entries.Elements.Length > 0 && entries.Elements.All(e => !e.Elements.IsDefault && e.Elements.Length > 0 && e.Elements[0].SingleString is not null)
            ? new ListFact([.. entries.Elements.Select(e => e.Elements[0].SingleString!)], entries.Elements.Any(e => !e.Elements[0].DecodeChain.IsDefault), [], site)
            : entries.List;

    private static ImmutableArray<string> NumberItems(AbstractValue value) =>
        !value.Elements.IsDefault && value.Elements.Length > 0 && value.Elements.All(e => e.Number is not null)
            ? [.. value.Elements.Select(e => e.Number!.Value.ToString(CultureInfo.InvariantCulture))]
            : default;

    private ListFact? HashedList(ImmutableHashSet<SourceFact> subjects, ImmutableArray<string> items, Node site)
    {
        if (subjects.Select(s => s.Aspect).FirstOrDefault(a => a is not null && _customHashes.ContainsKey(a)) is { } customAspect)
        {
            return CustomHashedList(customAspect, items, site);
        }

        var algorithm = subjects.Select(s => s.Aspect).FirstOrDefault(a => a is not null && a.EndsWith(DigestAspect, StringComparison.Ordinal))?[..^DigestAspect.Length];
        if (algorithm is null || items.IsDefault || items.Length == 0 || !items.All(Classification.HashedValues.LooksLikeDigest)
            || Classification.HashedValues.Recover(algorithm, items) is not { } recovered)
        {
            return null;
        }

        ImmutableArray<string> shown = [.. items.Select(digest => recovered.TryGetValue(digest, out var item) ? item : $"{algorithm}:{digest[..Math.Min(8, digest.Length)]}…")];
        return new ListFact(shown, true, [$"{algorithm} digests ({recovered.Count} of {items.Length} recovered by hashing known names)"], site)
        {
            Class = recovered.Count > 0 ? Classification.ValueClassifier.ClassifyItems([.. recovered.Values]) : Classification.ValueClassifier.ClassifyItems(shown),
        };
    }

    /// <summary>
    /// A list compared with the program's own hash of an environment value (<see cref="HashFunctionShape"/>): the hash is
    /// run in the sandbox over the names shipped as data (<see cref="Classification.HashedValues.Candidates"/>) and
    /// each item it gives back is recovered. Items not recovered stay as <c>fnv1a:2166136…</c>, so the size is honest.
    /// </summary>
    private ListFact? CustomHashedList(string aspect, ImmutableArray<string> items, Node site)
    {
        if (items.IsDefault || items.Length == 0)
        {
            return null;
        }

        var (function, rest) = _customHashes[aspect];
        if (!_hashTables.TryGetValue(function, out var table))
        {
            var candidates = Classification.HashedValues.Candidates;
            var hashes = _folding.HashAll(function, candidates, rest);
            table = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; hashes is not null && i < candidates.Count; i++)
            {
                if (hashes[i] is { } hash)
                {
                    table.TryAdd(hash, candidates[i]);
                }
            }

            _hashTables[function] = table;
        }

        var name = aspect[..^HashAspectSuffix.Length];
        var recovered = items.Where(table.ContainsKey).Select(item => table[item]).ToList();
        ImmutableArray<string> shown = [.. items.Select(item => table.TryGetValue(item, out var known) ? known : $"{name}:{item[..Math.Min(10, item.Length)]}…")];
        return new ListFact(shown, true, [$"{aspect}es ({recovered.Count} of {items.Length} recovered by hashing known names)"], site)
        {
            Class = Classification.ValueClassifier.ClassifyItems(recovered.Count > 0 ? recovered : shown),
        };
    }

    /// <summary>
    /// The comparison as a reviewer reads it, subject first: <c>list.includes(host)</c> is "is in",
    /// <c>host.includes("x")</c> "contains", <c>/re/.test(tz)</c> "matches".
    /// </summary>
    internal static string Wording(string operation, bool subjectIsReceiver) => (operation, subjectIsReceiver) switch
    {
        ("===" or "==", _) => "equals",
        ("includes" or "indexOf" or "lastIndexOf" or "has" or "in", false) => "is in",
        ("includes" or "indexOf" or "lastIndexOf", true) => "contains",
        ("endsWith", true) => "ends with",
        ("startsWith", true) => "starts with",
        ("test" or "exec", false) or ("match" or "search", true) => "matches",
        ("localeCompare", _) => "is compared with",
        _ => operation,
    };

    /// <summary>The environment facts a value is about, directly or through the tests that made it.</summary>
    private static ImmutableHashSet<SourceFact> Subjects(AbstractValue value)
    {
        var subjects = value.Sources;
        foreach (var test in value.Tests)
        {
            subjects = subjects.Union(test.Subjects);
        }

        return subjects;
    }

    /// <summary>Literal alternatives of a regular expression such as <c>^Asia\/(Shanghai|Urumqi)$</c>, expanded when few.</summary>
    internal static ImmutableArray<string> RegexAlternatives(string pattern)
    {
        var core = pattern.TrimStart('^').TrimEnd('$');
        var open = core.IndexOf('(', StringComparison.Ordinal);
        var close = core.LastIndexOf(')');
        IEnumerable<string> expanded;
        if (open >= 0 && close > open)
        {
            var prefix = core[..open];
            var suffix = core[(close + 1)..];
            var group = core[(open + 1)..close];
            if (group.StartsWith("?:", StringComparison.Ordinal))
            {
                group = group[2..];
            }

            expanded = group.Split('|').Select(alternative => prefix + alternative + suffix);
        }
        else
        {
            expanded = core.Split('|');
        }

        var literals = expanded.Select(Unescape).Where(s => s is not null).Cast<string>().ToImmutableArray();
        return literals.Length > 0 && literals.Length <= 64 ? literals : [pattern];
    }

    private static string? Unescape(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && !char.IsLetterOrDigit(text[i + 1]))
            {
                builder.Append(text[++i]);
            }
            else if ("[]()*+?{}|^$\\".Contains(c, StringComparison.Ordinal))
            {
                return null;
            }
            else
            {
                builder.Append(c == '.' ? '.' : c);
            }
        }

        return builder.ToString();
    }

    private AbstractValue EvaluateIdentifier(Identifier id, Frame? frame)
    {
        var scope = _program.ScopeOf(id);
        if (scope is null)
        {
            if (NamedClassExpression(id) is { } ownClass)
            {
                return new AbstractValue { Class = ownClass };
            }

            return id.Name == "undefined" ? AbstractValue.Nothing : KnownGlobals.Contains(id.Name) ? AbstractValue.OfHost(id.Name) : AbstractValue.Unknown;
        }

        var values = new List<AbstractValue>();
        var count = 0;
        foreach (var reference in _program.References(scope, id.Name))
        {
            if (++count > 400)
            {
                break;
            }

            if (DefinitionValue(reference, frame) is { } value)
            {
                values.Add(value);
            }
        }

        return AbstractValue.Join(values);
    }

    /// <summary>The value a reference gives its binding when it is a definition: a declaration, an assignment, a parameter, an import.</summary>
    private AbstractValue? DefinitionValue(Identifier reference, Frame? frame)
    {
        var parent = JavaScriptProgram.Parent(reference);
        switch (parent)
        {
            case VariableDeclarator { Init: ObjectExpression literal } declarator when ReferenceEquals(declarator.Id, reference):
                return WithAssignedProperties(Evaluate(literal, FrameFor(declarator, frame)), reference, frame);
            case VariableDeclarator declarator when ReferenceEquals(declarator.Id, reference):
                return declarator.Init is null ? null : Evaluate(declarator.Init, FrameFor(declarator, frame));
            case AssignmentExpression assignment when ReferenceEquals(assignment.Left, reference):
                return Evaluate(assignment.Right, FrameFor(assignment, frame)).WithFactsOf(BranchControls(assignment, FrameFor(assignment, frame)));
            case FunctionDeclaration declaration when ReferenceEquals(declaration.Id, reference):
                return AbstractValue.OfFunction(declaration);
            case ClassExpression { Id: not null } namedClass when ReferenceEquals(namedClass.Id, reference):
                return new AbstractValue { Class = namedClass };
            case ClassDeclaration declaredClass:
                return new AbstractValue { Class = declaredClass };
            case ImportDefaultSpecifier or ImportNamespaceSpecifier when JavaScriptProgram.Parent(parent) is ImportDeclaration import:
                return AbstractValue.OfHost(ModuleHost(import.Source.Value));
            case ImportSpecifier specifier when JavaScriptProgram.Parent(parent) is ImportDeclaration import && ReferenceEquals(specifier.Local, reference):
                var importedName = specifier.Imported is Identifier imported ? imported.Name : (specifier.Imported as StringLiteral)?.Value;
                return AbstractValue.OfHost($"{ModuleHost(import.Source.Value)}#{importedName}");
            case IFunction function when function.Params.Contains(reference) && IsModuleWrapperRequire(function, reference):
                return AbstractValue.OfHost("require");
            case IFunction function when function.Params.Contains(reference):
                return ParameterValue(function, IndexOf(function.Params, reference), frame);
        }

        // Inside a destructuring pattern: find the pattern's root and the path down to this identifier.
        if (IsPatternPart(parent))
        {
            return PatternValue(reference, frame);
        }

        return null;
    }

    /// <summary>
    /// <c>require</c> as a parameter beside <c>module</c> or <c>exports</c> is the CommonJS module
    /// wrapper's (Node's, Bun's <c>@bun-cjs</c> output, browserify's): the runtime calls the wrapper, so
    /// no call site in the code says what it is.
    /// </summary>
    private static bool IsModuleWrapperRequire(IFunction function, Identifier parameter) =>
        parameter.Name == "require"
        && function.Params.Any(p => p is Identifier { Name: "module" or "exports" });

    private static bool IsPatternPart(Node? node) => node is ObjectPattern or ArrayPattern or AssignmentPattern or RestElement || (node is Property && JavaScriptProgram.Parent(node) is ObjectPattern);

    private AbstractValue? PatternValue(Identifier reference, Frame? frame)
    {
        // Walk up to the node that binds the whole pattern, remembering how to pick this identifier out.
        var path = new List<Func<AbstractValue, AbstractValue>>();
        Node child = reference;
        var parent = JavaScriptProgram.Parent(reference);
        while (parent is not null)
        {
            switch (parent)
            {
                case Property property when JavaScriptProgram.Parent(property) is ObjectPattern:
                    var key = property.Key is Identifier k && !property.Computed ? k.Name : (property.Key as StringLiteral)?.Value;
                    path.Add(value => key is null ? value.Taint() : PropertyOf(value, key, property));
                    break;
                case AssignmentPattern assignmentPattern when ReferenceEquals(assignmentPattern.Left, child):
                    var fallback = assignmentPattern.Right;
                    path.Add(value => AbstractValue.Join(value, Evaluate(fallback, frame)));
                    break;
                case ArrayPattern arrayPattern:
                    var index = IndexOf(arrayPattern.Elements, child);
                    path.Add(value => !value.Elements.IsDefault && index >= 0 && index < value.Elements.Length ? value.Elements[index] : ElementOf(value));
                    break;
                case RestElement or ObjectPattern:
                    break;
                case VariableDeclarator declarator when ReferenceEquals(declarator.Id, child):
                    if (declarator.Init is null)
                    {
                        return null;
                    }

                    var initial = JavaScriptProgram.Parent(declarator) is VariableDeclaration && JavaScriptProgram.Parent(JavaScriptProgram.Parent(declarator)!) is ForOfStatement
                        ? ElementOf(Evaluate(declarator.Init, FrameFor(declarator, frame)))
                        : Evaluate(declarator.Init, FrameFor(declarator, frame));
                    return Apply(path, initial);
                case AssignmentExpression assignment when ReferenceEquals(assignment.Left, child):
                    return Apply(path, Evaluate(assignment.Right, FrameFor(assignment, frame)));
                case IFunction function when function.Params.Contains(child):
                    return Apply(path, ParameterValue(function, IndexOf(function.Params, child), frame));
                case VariableDeclaration when JavaScriptProgram.Parent(parent) is ForOfStatement forOf:
                    return Apply(path, ElementOf(Evaluate(forOf.Right, frame)));
                default:
                    return null;
            }

            child = parent;
            parent = JavaScriptProgram.Parent(parent);
        }

        return null;
    }

    internal static int IndexOf<T>(in NodeList<T> nodes, Node node) where T : Node?
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (ReferenceEquals(nodes[i], node))
            {
                return i;
            }
        }

        return -1;
    }

    private static AbstractValue Apply(List<Func<AbstractValue, AbstractValue>> path, AbstractValue value)
    {
        for (var i = path.Count - 1; i >= 0; i--)
        {
            value = path[i](value);
        }

        return value;
    }

    private static AbstractValue ElementOf(AbstractValue collection)
    {
        if (!collection.Elements.IsDefault)
        {
            return AbstractValue.Join(collection.Elements);
        }

        if (collection.List is { } list)
        {
            return new AbstractValue { Strings = list.Items.Length <= 32 ? list.Items : default }.WithFactsOf(collection);
        }

        return collection.Taint();
    }

    /// <summary>When following a call, the frame whose function declares this node's bindings; otherwise none.</summary>
    private Frame? FrameFor(Node node, Frame? frame) => frame?.Of(_program.FunctionOf(node));

    private AbstractValue ParameterValue(IFunction function, int index, Frame? frame)
    {
        var functionNode = (Node)function;
        if (frame?.Of(functionNode) is { } own)
        {
            return index < own.Arguments.Length ? own.Arguments[index] : AbstractValue.Nothing;
        }

        // Not inside a followed call: what any caller passes.
        var values = new List<AbstractValue>();
        foreach (var call in CallSites(functionNode).Take(MaxCallSites))
        {
            var arguments = ArgumentsOf(call);
            if (index < arguments.Count && arguments[index] is not SpreadElement)
            {
                values.Add(Evaluate(arguments[index], null));
            }
        }

        return AbstractValue.Join(values);
    }

    /// <summary>Calls of a function through the name it is declared or assigned to; <c>new C(…)</c> for a constructor.</summary>
    public IEnumerable<Expression> CallSites(Node function)
    {
        if (JavaScriptProgram.Parent(function) is MethodDefinition { Kind: PropertyKind.Constructor } constructor
            && JavaScriptProgram.Parent(constructor) is ClassBody body && JavaScriptProgram.Parent(body) is { } classNode)
        {
            foreach (var created in ClassReferences(classNode).Select(JavaScriptProgram.Parent).OfType<NewExpression>())
            {
                yield return created;
            }

            yield break;
        }

        if (MethodName(function) is { } method)
        {
            // Receivers are rarely known: a distinctive method name is the best link to its calls.
            var calls = _program.MethodCalls(method);
            if (calls.Count <= MaxMethodCallSites)
            {
                foreach (var call in calls)
                {
                    yield return call;
                }
            }

            yield break;
        }

        // A function called where it is written, as minifiers inline helpers: `function (e, t) {…}(new Date, info)`.
        if (ImmediateCall(function) is { } immediate)
        {
            yield return immediate;
        }

        var (scope, name) = BindingOf(function);
        if (name is null)
        {
            yield break;
        }

        foreach (var reference in _program.References(scope, name))
        {
            if (JavaScriptProgram.Parent(reference) is CallExpression call && ReferenceEquals(call.Callee, reference))
            {
                yield return call;
            }
        }
    }

    private static CallExpression? ImmediateCall(Node function)
    {
        var parent = JavaScriptProgram.Parent(function);
        while (parent is ParenthesizedExpression)
        {
            function = parent;
            parent = JavaScriptProgram.Parent(parent);
        }

        return parent is CallExpression call && ReferenceEquals(call.Callee, function) ? call : null;
    }

    private static string? MethodName(Node function) => JavaScriptProgram.Parent(function) switch
    {
        MethodDefinition { Kind: PropertyKind.Method, Key: Identifier key, Computed: false } => key.Name,
        Property { Method: true, Key: Identifier key, Computed: false } => key.Name,
        Property { Key: Identifier key, Computed: false } property when JavaScriptProgram.Parent(property) is ObjectExpression => key.Name,
        _ => null,
    };

    private IEnumerable<Identifier> ClassReferences(Node classNode)
    {
        var id = classNode switch
        {
            ClassDeclaration { Id: { } declared } => declared,
            ClassExpression when JavaScriptProgram.Parent(classNode) is VariableDeclarator { Id: Identifier bound } => bound,
            _ => null,
        };
        return id is null ? [] : _program.References(_program.ScopeOf(id), id.Name).Where(r => !ReferenceEquals(r, id));
    }

    internal static NodeList<Expression> ArgumentsOf(Expression site) => site switch
    {
        CallExpression call => call.Arguments,
        NewExpression created => created.Arguments,
        _ => default,
    };

    public (Node? Scope, string? Name) BindingOf(Node function)
    {
        Identifier? id = function switch
        {
            FunctionDeclaration { Id: { } declared } => declared,
            _ => JavaScriptProgram.Parent(function) switch
            {
                VariableDeclarator { Id: Identifier bound } => bound,
                AssignmentExpression { Left: Identifier bound } => bound,
                _ => null,
            },
        };
        return id is null ? (null, null) : (_program.ScopeOf(id), id.Name);
    }

    private AbstractValue EvaluateMember(MemberExpression member, Frame? frame)
    {
        var obj = Evaluate(member.Object, frame);
        var name = member.Computed ? Evaluate(member.Property, frame).SingleString ?? (Evaluate(member.Property, frame).Number is { } i ? i.ToString(CultureInfo.InvariantCulture) : null)
            : member.Property switch
            {
                Identifier id => id.Name,
                PrivateIdentifier privateName => "#" + privateName.Name,
                _ => null,
            };
        if (name is null)
        {
            // ({ "a.example": "’" })[host]: a lookup is a comparison of the key with every property name.
            var key = Evaluate(member.Property, frame);
            var subjects = Subjects(key);
            if (!obj.Elements.IsDefault && obj.Elements.Length > 0 && (!key.Tests.IsEmpty || !subjects.IsEmpty))
            {
                // ["'", "’", "ʼ"][i] with i decided by environment tests: the tests choose the element.
                var elements = AbstractValue.Join(obj.Elements);
                var indexTests = key.Tests.IsEmpty
                    ? [new TestFact("indexes", subjects, [], null, member)]
                    : key.Tests;
                return elements with { Tests = elements.Tests.Union(indexTests) };
            }

            if (obj.Properties is { Count: > 0 } table && !subjects.IsEmpty)
            {
                var lookup = new TestFact("is a key of", subjects, [.. table.Keys.Order(StringComparer.Ordinal)], new ListFact([.. table.Keys.Order(StringComparer.Ordinal)], false, [], member.Object), member);
                return AbstractValue.Join(table.Values) with { Tests = AbstractValue.Join(table.Values).Tests.Add(lookup) };
            }

            return ComputedMember(obj, member);
        }

        if (obj.Class is { } classNode && ClassMember(classNode, name, obj.IsInstance) is { } classMember)
        {
            return classMember;
        }

        var value = PropertyOf(obj, name, member);
        if (obj.Host is null && (obj.Properties is null || !obj.Properties.ContainsKey(name)) && AssignedProperty(member.Object, name, frame) is { } assigned)
        {
            value = AbstractValue.Join(value.IsNothing || value == AbstractValue.Unknown ? AbstractValue.Nothing : value, assigned);
        }

        return value;
    }

    /// <summary>
    /// An object literal with the properties its binding is given afterwards (<c>const o = {}; o.host = h; return o;</c>, as
    /// minifiers and obfuscators build objects), so that the object carries them wherever it goes: returned, destructured.
    /// </summary>
    private AbstractValue WithAssignedProperties(AbstractValue literal, Identifier binding, Frame? frame)
    {
        if (_program.ScopeOf(binding) is not { } scope)
        {
            return literal;
        }

        var properties = literal.Properties ?? ImmutableDictionary<string, AbstractValue>.Empty.WithComparers(StringComparer.Ordinal);
        var added = false;
        foreach (var reference in _program.References(scope, binding.Name).Take(MaxOwnerReferences))
        {
            if (JavaScriptProgram.Parent(reference) is MemberExpression target && ReferenceEquals(target.Object, reference)
                && MemberName(target) is { } name
                && JavaScriptProgram.Parent(target) is AssignmentExpression { Operator: Acornima.Operator.Assignment } assignment && ReferenceEquals(assignment.Left, target))
            {
                // Either value may be the one read (module.exports = … replaces the literal's exports: {}).
                var assigned = Evaluate(assignment.Right, FrameFor(assignment, frame));
                properties = properties.SetItem(name, properties.TryGetValue(name, out var before) ? AbstractValue.Join(before, assigned) : assigned);
                added = true;
            }
        }

        return added ? literal with { Properties = properties } : literal;
    }

    /// <summary>Properties set after an object is made: <c>opts.url ??= …</c>, <c>C.#list = …</c>, <c>this.#url = …</c>.</summary>
    private AbstractValue? AssignedProperty(Expression owner, string name, Frame? frame)
    {
        IEnumerable<Node> candidates = owner switch
        {
            Identifier id when _program.ScopeOf(id) is { } scope => _program.References(scope, id.Name).Take(MaxOwnerReferences),
            ThisExpression when EnclosingClass(owner) is { } classNode => ThisIn(classNode),
            _ => [],
        };
        return AssignedProperty(candidates, name, frame);
    }

    private AbstractValue? AssignedProperty(IEnumerable<Node> candidates, string name, Frame? frame)
    {
        var values = new List<AbstractValue>();
        foreach (var candidate in candidates)
        {
            if (JavaScriptProgram.Parent(candidate) is MemberExpression target && ReferenceEquals(target.Object, candidate)
                && MemberName(target) == name && JavaScriptProgram.Parent(target) is AssignmentExpression assignment && ReferenceEquals(assignment.Left, target))
            {
                values.Add(Evaluate(assignment.Right, FrameFor(assignment, frame)));
            }
        }

        return values.Count == 0 ? null : AbstractValue.Join(values);
    }

    private static string? MemberName(MemberExpression member) => member.Property switch
    {
        Identifier id when !member.Computed => id.Name,
        PrivateIdentifier privateName => "#" + privateName.Name,
        StringLiteral s => s.Value,
        _ => null,
    };

    /// <summary>A getter's result, a method, or a field's initial value, looked up in the class body.</summary>
    private AbstractValue? ClassMember(Node classNode, string name, bool instance)
    {
        var body = classNode switch
        {
            ClassDeclaration d => d.Body,
            ClassExpression e => e.Body,
            _ => null,
        };
        if (body is null)
        {
            return null;
        }

        foreach (var element in body.Body)
        {
            switch (element)
            {
                case MethodDefinition method when method.Static != instance && KeyName(method.Key, method.Computed) == name:
                    return method.Kind == PropertyKind.Get ? Returns(method.Value, null, out _) : AbstractValue.OfFunction(method.Value);
                case PropertyDefinition field when field.Static != instance && KeyName(field.Key, field.Computed) == name:
                    var owners = instance ? ThisIn(classNode) : StaticOwners(classNode).Take(MaxOwnerReferences);
                    var assigned = AssignedProperty(owners, name, null);
                    // A field declared without a value (`static #t;`) gets it where it is assigned, often a static block.
                    return field.Value is not { } initial ? assigned
                        : assigned is null ? Evaluate(initial, null) : AbstractValue.Join(Evaluate(initial, null), assigned);
            }
        }

        return null;
    }

    /// <summary>
    /// What stands for the class itself where its static members are assigned: its name, and <c>this</c> in its
    /// static blocks. A class expression's own name is only seen inside its body.
    /// </summary>
    private IEnumerable<Node> StaticOwners(Node classNode)
    {
        if (classNode is ClassExpression { Id: { } ownName })
        {
            if (!_classOwnNames.TryGetValue(classNode, out var owners))
            {
                owners = [.. AstWalk.Descendants(classNode).Where(n => n is Identifier id && id.Name == ownName.Name && !ReferenceEquals(id, ownName)
                    || (n is ThisExpression && InStaticMember(n))).Take(MaxOwnerReferences)];
                _classOwnNames[classNode] = owners;
            }

            return owners;
        }

        return ClassIdentifier(classNode) is { } classId ? _program.References(_program.ScopeOf(classId), classId.Name) : [];
    }

    /// <summary>
    /// The first <c>this</c> expressions of a class body, where its instance properties are assigned: read once per class
    /// (a member of a large class is looked up at each use, and each lookup walked the whole class).
    /// </summary>
    private List<Node> ThisIn(Node classNode)
    {
        if (!_classThis.TryGetValue(classNode, out var found))
        {
            found = [.. AstWalk.Descendants(classNode).OfType<ThisExpression>().Take(MaxOwnerReferences)];
            _classThis[classNode] = found;
        }

        return found;
    }

    private static Identifier? ClassIdentifier(Node classNode) => classNode switch
    {
        ClassDeclaration { Id: { } id } => id,
        ClassExpression { Id: { } id } => id,
        _ => null,
    };

    /// <summary>
    /// The class expression whose own name <paramref name="id"/> is, seen from inside its body (esbuild writes
    /// <c>var o = class e { static #t; … e.#t … }</c>), when no scope declares the name.
    /// </summary>
    private static ClassExpression? NamedClassExpression(Identifier id)
    {
        for (var current = JavaScriptProgram.Parent(id); current is not null; current = JavaScriptProgram.Parent(current))
        {
            if (current is ClassExpression { Id: { } name } named && name.Name == id.Name && !ReferenceEquals(name, id))
            {
                return named;
            }
        }

        return null;
    }

    private static string? KeyName(Node key, bool computed) => key switch
    {
        Identifier id when !computed => id.Name,
        PrivateIdentifier privateName => "#" + privateName.Name,
        StringLiteral s => s.Value,
        _ => null,
    };

    private static Node? EnclosingClass(Node node)
    {
        for (var current = JavaScriptProgram.Parent(node); current is not null; current = JavaScriptProgram.Parent(current))
        {
            switch (current)
            {
                case ClassBody body:
                    return JavaScriptProgram.Parent(body);
                case FunctionDeclaration or FunctionExpression when JavaScriptProgram.Parent(current) is not MethodDefinition:
                    return null;
            }
        }

        return null;
    }

    private static bool InStaticMember(Node node)
    {
        for (var current = JavaScriptProgram.Parent(node); current is not null and not ClassBody; current = JavaScriptProgram.Parent(current))
        {
            if (current is StaticBlock || current is MethodDefinition { Static: true } || current is PropertyDefinition { Static: true })
            {
                return true;
            }
        }

        return false;
    }

    private static AbstractValue ComputedMember(AbstractValue obj, Node site) => obj.Host == "process.env"
        ? AbstractValue.OfSource(new SourceFact("env.read:*", "a computed env variable", site))
        : ElementOf(obj);

    internal static AbstractValue PropertyOf(AbstractValue obj, string name, Node site)
    {
        switch (obj.Host)
        {
            case "process" when name == "env":
                return AbstractValue.OfHost("process.env");
            case "process" or "globalThis" or "window" or "self" when KnownGlobals.Contains(name) || name == "env":
                return obj.Host == "process" ? AbstractValue.Unknown : AbstractValue.OfHost(name);
            case "process.env":
                return AbstractValue.OfSource(new SourceFact($"env.read:{name}", $"env {name}", site));
            case "resolvedOptions" when name == "timeZone":
                return AbstractValue.OfSource(new SourceFact("host.timezone", "time zone (Intl)", site));
            case "resolvedOptions" when name == "locale":
                return AbstractValue.OfSource(new SourceFact("host.locale", "locale (Intl)", site));
            case "navigator" when name is "language" or "languages":
                return AbstractValue.OfSource(new SourceFact("host.locale", "navigator language", site));
            case "os.userInfo()" when name is "username" or "homedir" or "uid":
                return AbstractValue.OfSource(new SourceFact("host.user", $"user {name} (os.userInfo)", site));
            case "import.meta" when name == "require":
                // Bun's bundler writes `var __require = import.meta.require` and calls that instead of require.
                return AbstractValue.OfHost("require");
            case "Intl":
                return AbstractValue.OfHost($"Intl#{name}");
            case "String" or "Buffer" or "JSON" or "Object" or "Promise" or "Array" or "Date" or "Reflect" or "Math":
                return AbstractValue.OfHost($"{obj.Host}#{name}");
            case { } host when host.StartsWith("module:", StringComparison.Ordinal) && !host.Contains('#', StringComparison.Ordinal):
                return name == "default" ? obj : AbstractValue.OfHost($"{host}#{name}");
        }

        if (obj.Properties is { } properties && properties.TryGetValue(name, out var property))
        {
            return property;
        }

        if (!obj.Elements.IsDefault && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < obj.Elements.Length)
        {
            return obj.Elements[index];
        }

        if (!obj.IsTainted)
        {
            return obj.Properties is null && obj.Host is null && !obj.IsNothing ? AbstractValue.Unknown : AbstractValue.Nothing;
        }

        var taint = obj.Taint();
        if (name is "hostname" or "host" && !taint.Sources.IsEmpty)
        {
            taint = taint with { Sources = [.. taint.Sources.Select(s => s.WithAspect("host name"))] };
        }

        return name == "length" ? taint : taint;
    }

    private AbstractValue EvaluateNew(NewExpression created, Frame? frame)
    {
        var callee = Evaluate(created.Callee, frame);
        var arguments = created.Arguments.Select(a => Evaluate(a, frame)).ToList();
        var first = arguments.Count > 0 ? arguments[0] : AbstractValue.Nothing;
        switch (callee.Host)
        {
            case "URL":
                return first.Taint() with { Host = "URL" };
            case "Set" or "Array":
                return first;
            case "Map" when MapKeys(first, created) is { } keys:
                // new Map([["a.example", …], …]).has(host): a lookup in the keys.
                return first with { List = keys };
            case "RegExp":
                return new AbstractValue { RegexPattern = first.SingleString };
            case "Date":
                return AbstractValue.OfHost("Date");
            case "Intl#DateTimeFormat":
                return AbstractValue.OfHost("DateTimeFormat");
            case "Intl#Locale":
                return first.Taint();
        }

        if (callee.Class is { } classNode)
        {
            return new AbstractValue { Class = classNode, IsInstance = true };
        }

        return InvokeFunctions(callee, arguments, created, frame);
    }

    private AbstractValue EvaluateCall(CallExpression call, Frame? frame)
    {
        if (_folding.TryFoldConstantCall(call) is { } constant)
        {
            return constant;
        }

        var callee = Unwrap(call.Callee);
        if (callee is MemberExpression member && (member.Computed ? Evaluate(member.Property, frame).SingleString : (member.Property as Identifier)?.Name) is { } method)
        {
            var receiver = Evaluate(member.Object, frame);
            return EvaluateMethod(call, member, receiver, method, frame);
        }

        var function = Evaluate(callee, frame);
        if (BundledModuleCall(call, callee, function, frame) is { } exports)
        {
            return exports;
        }

        var arguments = call.Arguments.Select(a => Evaluate(a, frame)).ToList();
        switch (function.Host)
        {
            case "atob" when arguments.Count > 0 && arguments[0].SingleString is { } encoded:
                return DecodeBuiltin(encoded, "base64") ?? AbstractValue.Unknown;
            case "require" when arguments.Count > 0 && arguments[0].SingleString is { } module:
                return AbstractValue.OfHost(ModuleHost(module));
            case "module:module#createRequire":
                // esbuild and Node ESM: `const require = createRequire(import.meta.url)`.
                return AbstractValue.OfHost("require");
            case "Intl#DateTimeFormat":
                return AbstractValue.OfHost("DateTimeFormat");
            case "String" or "Boolean" or "Number" or "decodeURIComponent" or "encodeURIComponent" or "parseInt":
                return arguments.Count > 0 ? arguments[0].Taint() with { Strings = function.Host == "String" ? arguments[0].Strings : default } : AbstractValue.Unknown;
            case { } host when host.StartsWith("module:", StringComparison.Ordinal) && host.Contains('#', StringComparison.Ordinal):
                return ModuleFunction(host, call);
        }

        return InvokeFunctions(function, arguments, call, frame);
    }

    /// <summary>
    /// A bundled module's exports when <paramref name="call"/> loads one through the bundle's runtime
    /// (<see cref="BundledModules"/>): <c>require_x()</c> of a CommonJS wrapper, <c>require(id)</c> of a module table.
    /// </summary>
    private AbstractValue? BundledModuleCall(CallExpression call, Expression callee, AbstractValue function, Frame? frame)
    {
        if (_program.Signals.ModuleObjects.Count == 0)
        {
            return null;
        }

        _bundledModules ??= BundledModules.Read(_program);
        if (_bundledModules.IsEmpty)
        {
            return null;
        }

        if (call.Arguments is [var argument] && ModuleTableRequire.KeyOf(argument) is { } key && argument is not Identifier)
        {
            var require = function.Functions.IsDefault ? null : function.Functions.Select(f => _bundledModules.RequireOf((IFunction)f)).FirstOrDefault(r => r is not null);
            if (require is null && callee is Identifier name && _program.ScopeOf(name) is IFunction owner && owner.Params.Select((p, i) => (p, i)).FirstOrDefault(x => x.p is Identifier { } parameter && parameter.Name == name.Name) is { p: not null } found)
            {
                require = _bundledModules.RequireParameter(owner, found.i);
            }

            if (require is not null && require.Modules.TryGetValue(key, out var tableModule))
            {
                return ModuleExports(tableModule, require.ExportsIndex, require.ModuleIndex, frame);
            }
        }

        if (call.Arguments.Count == 0 && callee is Identifier loader)
        {
            foreach (var definition in _program.Definitions(_program.ScopeOf(loader), loader.Name).Take(3))
            {
                if (definition is CallExpression { Arguments: [var wrapped] } wrapper && BundledModules.WrappedModule(wrapped) is { } module
                    && Evaluate(wrapper.Callee, frame).Functions is { IsDefault: false } factories && factories.Any(f => _bundledModules.IsFactory((IFunction)f)))
                {
                    return ModuleExports(module, 0, 1, frame);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// What a module function exports through the objects it is handed: values assigned to <c>module.exports</c>, and
    /// the properties assigned to <c>exports.k</c> or <c>module.exports.k</c> or defined by webpack's
    /// <c>r.d(exports, { k: () =&gt; value })</c>.
    /// </summary>
    private AbstractValue ModuleExports(IFunction module, int exportsIndex, int moduleIndex, Frame? frame)
    {
        var values = new List<AbstractValue>();
        var properties = ImmutableDictionary<string, AbstractValue>.Empty.WithComparers(StringComparer.Ordinal);
        void AddProperty(string name, AbstractValue value) =>
            properties = properties.SetItem(name, properties.TryGetValue(name, out var before) ? AbstractValue.Join(before, value) : value);

        void ReadExports(Identifier exports)
        {
            foreach (var reference in _program.References((Node)module, exports.Name).Take(MaxOwnerReferences))
            {
                if (JavaScriptProgram.Parent(reference) is MemberExpression target && ReferenceEquals(target.Object, reference) && MemberName(target) is { } name
                    && JavaScriptProgram.Parent(target) is AssignmentExpression { Operator: Acornima.Operator.Assignment } assignment && ReferenceEquals(assignment.Left, target))
                {
                    AddProperty(name, Evaluate(assignment.Right, FrameFor(assignment, frame)));
                }
                else if (JavaScriptProgram.Parent(reference) is CallExpression { Arguments: [var first, ObjectExpression getters], Callee: MemberExpression { Computed: false, Property: Identifier { Name: "d" } } }
                    && ReferenceEquals(first, reference))
                {
                    foreach (var property in getters.Properties)
                    {
                        if (property is Property { Computed: false, Value: ArrowFunctionExpression { Params.Count: 0, Body: Expression value } } getter && KeyName(getter.Key, false) is { } getterName)
                        {
                            AddProperty(getterName, Evaluate(value, frame));
                        }
                    }
                }
            }
        }

        if (exportsIndex >= 0 && exportsIndex < module.Params.Count && module.Params[exportsIndex] is Identifier exportsParameter)
        {
            ReadExports(exportsParameter);
        }

        if (moduleIndex >= 0 && moduleIndex < module.Params.Count && module.Params[moduleIndex] is Identifier moduleParameter)
        {
            foreach (var reference in _program.References((Node)module, moduleParameter.Name).Take(MaxOwnerReferences))
            {
                if (JavaScriptProgram.Parent(reference) is not MemberExpression { Computed: false, Property: Identifier { Name: "exports" } } exports || !ReferenceEquals(exports.Object, reference))
                {
                    continue;
                }

                switch (JavaScriptProgram.Parent(exports))
                {
                    case AssignmentExpression { Operator: Acornima.Operator.Assignment } assignment when ReferenceEquals(assignment.Left, exports):
                        values.Add(Evaluate(assignment.Right, FrameFor(assignment, frame)));
                        break;
                    case MemberExpression member when ReferenceEquals(member.Object, exports) && MemberName(member) is { } name
                        && JavaScriptProgram.Parent(member) is AssignmentExpression { Operator: Acornima.Operator.Assignment } assignment && ReferenceEquals(assignment.Left, member):
                        AddProperty(name, Evaluate(assignment.Right, FrameFor(assignment, frame)));
                        break;
                }
            }
        }

        if (properties.Count > 0)
        {
            values.Add(new AbstractValue { Properties = properties });
        }

        return values.Count == 0 ? AbstractValue.Unknown : AbstractValue.Join(values);
    }

    private static Expression Unwrap(Expression expression) => expression switch
    {
        ParenthesizedExpression paren => Unwrap(paren.Expression),
        SequenceExpression sequence => Unwrap(sequence.Expressions[^1]),
        ChainExpression chain => Unwrap(chain.Expression),
        _ => expression,
    };

    private static string ModuleHost(string module) => "module:" + (module.StartsWith("node:", StringComparison.Ordinal) ? module[5..] : module);

    private static AbstractValue ModuleFunction(string host, Node site)
    {
        var name = host[(host.IndexOf('#', StringComparison.Ordinal) + 1)..];
        if (host is "module:crypto#createHash" && site is CallExpression { Arguments: [StringLiteral algorithm, ..] })
        {
            // Kept as a host value so that .update(x) can carry x's sources on, and .digest() hand them to the comparison.
            return AbstractValue.OfHost(HashHostPrefix + algorithm.Value.ToLowerInvariant());
        }

        if (!host.StartsWith("module:os#", StringComparison.Ordinal))
        {
            return AbstractValue.Unknown;
        }

        return name switch
        {
            "hostname" => AbstractValue.OfSource(new SourceFact("host.hostname", "host name (os.hostname)", site)),
            "userInfo" => AbstractValue.OfHost("os.userInfo()"),
            "networkInterfaces" => AbstractValue.OfSource(new SourceFact("host.network", "network interfaces (os.networkInterfaces)", site)),
            "homedir" => AbstractValue.OfSource(new SourceFact("host.user", "home directory (os.homedir)", site)),
            _ => AbstractValue.Unknown,
        };
    }

    private AbstractValue EvaluateMethod(CallExpression call, MemberExpression member, AbstractValue receiver, string method, Frame? frame)
    {
        if (receiver.Host is { } host)
        {
            switch (host, method)
            {
                case ("DateTimeFormat", "resolvedOptions"):
                    return AbstractValue.OfHost("resolvedOptions");
                case ("Intl", "DateTimeFormat"):
                    return AbstractValue.OfHost("DateTimeFormat");
                case (_, "update") when host.StartsWith(HashHostPrefix, StringComparison.Ordinal) && call.Arguments.Count > 0:
                    var hashed = Evaluate(call.Arguments[0], frame);
                    var aspect = host[HashHostPrefix.Length..] + DigestAspect;
                    return new AbstractValue
                    {
                        Host = host,
                        Sources = [.. hashed.Sources.Select(source => source.WithAspect(aspect))],
                        Tests = hashed.Tests,
                        Channels = hashed.Channels,
                    };
                case (_, "digest") when host.StartsWith(HashHostPrefix, StringComparison.Ordinal):
                    return receiver with { Host = null };
                case ("Date", "getTimezoneOffset"):
                    return AbstractValue.OfSource(new SourceFact("host.timezone", "time zone (UTC offset)", call));
                case (_, _) when host.StartsWith("module:", StringComparison.Ordinal) && !host.Contains('#', StringComparison.Ordinal):
                    return ModuleFunction($"{host}#{method}", call);
                case ("String", "fromCharCode"):
                    return FromCharCode(call, frame);
                case ("Reflect", "get") when call.Arguments.Count >= 2:
                    var target = Evaluate(call.Arguments[0], frame);
                    return Evaluate(call.Arguments[1], frame).SingleString is { } key ? PropertyOf(target, key, call) : ComputedMember(target, call);
                case ("Buffer", "from") when call.Arguments.Count > 0 && Evaluate(call.Arguments[0], frame).SingleString is { } encoded:
                    var encoding = call.Arguments.Count > 1 ? Evaluate(call.Arguments[1], frame).SingleString ?? "utf8" : "utf8";
                    return DecodeBuiltin(encoded, encoding) ?? AbstractValue.String(encoded);
                case ("Object", "entries" or "values" or "keys" or "freeze" or "assign") or ("Promise", "all" or "resolve" or "allSettled" or "race") or ("Array", "from" or "of") or ("JSON", "stringify" or "parse"):
                    return call.Arguments.Count > 0 ? Evaluate(call.Arguments[0], frame) : AbstractValue.Unknown;
            }
        }

        var arguments = call.Arguments.Select(a => Evaluate(a, frame)).ToList();
        switch (method)
        {
            case "some" or "every" or "find" or "findIndex" or "filter" or "findLast" when arguments.Count > 0 && !arguments[0].Functions.IsDefault:
                return EachTest(method, receiver, arguments[0].Functions[0], call, frame);
            case "includes" or "indexOf" or "lastIndexOf" or "has" or "endsWith" or "startsWith" or "match" or "search" or "localeCompare" or "test" or "exec":
                var argument = arguments.Count > 0 ? arguments[0] : AbstractValue.Nothing;
                return Compare(method, receiver, argument, call) ?? receiver.Taint().WithFactsOf(argument.Taint());
            case "toLowerCase" or "toUpperCase" or "trim" when !receiver.Strings.IsDefault:
                return receiver with { Strings = [.. receiver.Strings.Select(s => method == "trim" ? s.Trim() : method == "toLowerCase" ? s.ToLowerInvariant() : s.ToUpperInvariant())] };
            case "split" when receiver.SingleString is { } text && arguments.Count > 0 && arguments[0].SingleString is { Length: > 0 } separator:
                var decoded = !receiver.DecodeChain.IsDefault;
                return new AbstractValue { List = new ListFact([.. text.Split(separator)], decoded, decoded ? receiver.DecodeChain : [], call) };
            case "toString" when receiver.SingleString is not null:
                return receiver;
        }

        if (receiver.Properties is { } properties && properties.TryGetValue(method, out var property) && !property.Functions.IsDefault)
        {
            return InvokeFunctions(property, arguments, call, frame);
        }

        if (receiver.Class is { } classNode && ClassMember(classNode, method, receiver.IsInstance) is { Functions.IsDefault: false } classMethod)
        {
            return InvokeFunctions(classMethod, arguments, call, frame);
        }

        if (StringPassThrough.Contains(method))
        {
            var result = receiver.Taint();
            foreach (var argument in arguments)
            {
                result = result.WithFactsOf(argument.Functions.IsDefault ? argument : AbstractValue.Unknown);
            }

            if (receiver.List is { } list && method is "filter" or "slice" or "map" or "concat" or "reverse" or "sort")
            {
                result = result with { List = list };
            }

            return result;
        }

        return receiver.Taint();
    }

    /// <summary><c>Buffer.from(s, "base64")</c>, <c>atob(s)</c> on a constant: decoded here, no sandbox needed.</summary>
    private static AbstractValue? DecodeBuiltin(string encoded, string encoding)
    {
        try
        {
            byte[] bytes = encoding.ToLowerInvariant() switch
            {
                "base64" => Convert.FromBase64String(encoded),
                "base64url" => Convert.FromBase64String(encoded.Replace('-', '+').Replace('_', '/').PadRight((encoded.Length + 3) / 4 * 4, '=')),
                "hex" => Convert.FromHexString(encoded),
                _ => [],
            };
            if (bytes.Length == 0)
            {
                return null;
            }

            var text = System.Text.Encoding.UTF8.GetString(bytes);
            return new AbstractValue { Strings = [text], DecodeChain = [encoding.ToLowerInvariant()] };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private AbstractValue FromCharCode(CallExpression call, Frame? frame)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var argument in call.Arguments)
        {
            if (Evaluate(argument, frame).Number is not { } code || code < 0 || code > 0xFFFF)
            {
                return AbstractValue.Unknown;
            }

            builder.Append((char)code);
        }

        return AbstractValue.String(builder.ToString());
    }

    /// <summary><c>list.some(x =&gt; subject === x || subject.endsWith("." + x))</c>: a test of the subject against every item.</summary>
    private AbstractValue EachTest(string method, AbstractValue receiver, Node callback, CallExpression call, Frame? frame)
    {
        var element = ElementOf(receiver);
        var result = Returns(callback, new Frame(callback, [element, AbstractValue.Nothing, receiver], frame), out _);
        var subjects = Subjects(result);
        if (subjects.IsEmpty || receiver.IsTainted && receiver.List is null)
        {
            return result.Taint().WithFactsOf(receiver.Taint());
        }

        // list.some(d => host === d || host.endsWith("." + d)): "equals or ends with an item of".
        var operations = CallbackOperations(callback);
        var wording = operations.Length == 0 ? $"passes {method}() over" : $"{string.Join(" or ", operations)} {(method is "every" ? "every" : "an")} item of";
        var list = receiver.List is { } items ? HashedList(subjects, items.Items, items.Site) ?? items : null;
        var test = new TestFact(wording, subjects, [], list, call);
        return new AbstractValue { Tests = [test] };
    }

    private static ImmutableArray<string> CallbackOperations(Node callback)
    {
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in AstWalk.Descendants(callback))
        {
            switch (node)
            {
                case BinaryExpression { Operator: Operator.StrictEquality or Operator.Equality }:
                    operations.Add("equals");
                    break;
                case CallExpression { Callee: MemberExpression { Property: Identifier { Name: "endsWith" or "startsWith" or "includes" or "indexOf" or "test" or "match" } name } }:
                    operations.Add(Wording(name.Name, subjectIsReceiver: name.Name is not "test"));
                    break;
            }
        }

        return [.. operations];
    }

    private AbstractValue InvokeFunctions(AbstractValue callee, List<AbstractValue> arguments, Node site, Frame? frame)
    {
        if (callee.Functions.IsDefault)
        {
            // An unknown function still passes on what its arguments depend on; a module handle passes through wrappers.
            var result = callee.Taint();
            foreach (var argument in arguments)
            {
                if (argument.Host is { } host && host.StartsWith("module:", StringComparison.Ordinal))
                {
                    return argument;
                }

                result = result.WithFactsOf(argument);
            }

            return result;
        }

        var values = new List<AbstractValue>();
        foreach (var function in callee.Functions.Take(MaxFunctionsPerCall))
        {
            values.Add(Invoke(function, arguments, site, frame));
        }

        return AbstractValue.Join(values);
    }

    private AbstractValue Invoke(Node function, List<AbstractValue> arguments, Node site, Frame? frame)
    {
        if (arguments.Count > 0 && arguments.All(DecoderFolding.CanPass) && DecoderFolding.LooksLikeDecoder(_program, function)
            && _folding.TryFold(function, arguments, site) is { } folded)
        {
            return folded;
        }

        if (HashOfEnvironment(function, arguments) is { } hashed)
        {
            return hashed;
        }

        if (frame is not null && (frame.Depth >= MaxFrameDepth || frame.Of(function) is not null))
        {
            return AbstractValue.Join(arguments.Select(a => a.Taint()));
        }

        var result = Returns(function, new Frame(function, [.. arguments], frame), out _);
        // memoize(fn), once(fn): a wrapper that returns a function stands for the function it wraps.
        if (!result.Functions.IsDefault && arguments.FirstOrDefault(a => !a.Functions.IsDefault) is { } wrapped)
        {
            // esbuild's __require: `typeof require < "u" ? require : fallback` keeps the host require it may return.
            return result.Host is { } host ? wrapped with { Host = host } : wrapped;
        }

        return result;
    }

    /// <summary>
    /// An environment value passed through the program's own hash function (<see cref="HashFunctionShape"/>) keeps its
    /// sources with the aspect "NAME hash", so that a list it is compared with is read as a list of hashes.
    /// </summary>
    private AbstractValue? HashOfEnvironment(Node function, List<AbstractValue> arguments)
    {
        if (arguments.Count == 0 || arguments[0].Sources.IsEmpty)
        {
            return null;
        }

        if (!_hashShapes.TryGetValue(function, out var looksLikeHash))
        {
            looksLikeHash = HashFunctionShape.Looks(_program, function);
            _hashShapes[function] = looksLikeHash;
        }

        if (!looksLikeHash)
        {
            return null;
        }

        // The constants passed beside the value (a seed) are passed again when the names are hashed.
        var rest = arguments.Skip(1).Select(a => a.SingleString ?? (object?)a.Number).ToArray();

        if (!_hashAspects.TryGetValue(function, out var aspect))
        {
            var name = JavaScriptProgram.NameOf(function) ?? "custom";
            aspect = name + HashAspectSuffix;
            for (var n = 2; _customHashes.ContainsKey(aspect); n++)
            {
                aspect = $"{name}{n.ToString(CultureInfo.InvariantCulture)}{HashAspectSuffix}";
            }

            _hashAspects[function] = aspect;
            _customHashes[aspect] = (function, rest);
        }

        var hashed = arguments[0];
        return new AbstractValue
        {
            Sources = [.. hashed.Sources.Select(source => source.WithAspect(aspect))],
            Tests = hashed.Tests,
            Channels = hashed.Channels,
        };
    }

    /// <summary>The join of a function's returns, with the tests of its branches as controls of the result.</summary>
    public AbstractValue Returns(Node function, Frame? frame, out FunctionShape shape)
    {
        shape = Shape(function);
        var values = new List<AbstractValue>();
        foreach (var returned in shape.Returns)
        {
            values.Add(Evaluate(returned, frame));
        }

        var result = AbstractValue.Join(values);
        var controlled = values.Count(v => !v.IsNothing) > 1;
        if (controlled)
        {
            foreach (var condition in shape.Conditions)
            {
                result = result.WithFactsOf(ConditionControls(condition, frame));
            }
        }

        return result;
    }

    /// <summary>What a branch condition contributes: an if test's tests, or for a switch case the comparison of discriminant and case.</summary>
    private AbstractValue ConditionControls(Node condition, Frame? frame)
    {
        if (condition is SwitchCase { Test: { } caseTest } switchCase && JavaScriptProgram.Parent(switchCase) is SwitchStatement switchStatement)
        {
            var test = Evaluate(caseTest, frame);
            var controls = Controls(test);
            var compared = Compare("===", Evaluate(switchStatement.Discriminant, frame), test, switchCase);
            return compared is null ? controls : controls.WithFactsOf(compared);
        }

        return Controls(Evaluate(condition, frame));
    }

    /// <summary>
    /// A definition made only on one branch (<c>if (t) c = "’"</c>, <c>case "x": c = …</c>) is decided by
    /// that branch's condition: its tests control the value.
    /// </summary>
    private AbstractValue BranchControls(Node definition, Frame? frame)
    {
        var controls = AbstractValue.Unknown;
        Node child = definition;
        for (var parent = JavaScriptProgram.Parent(definition); parent is not null and not IFunction and not Acornima.Ast.Program; child = parent, parent = JavaScriptProgram.Parent(parent))
        {
            switch (parent)
            {
                case IfStatement conditional when !ReferenceEquals(conditional.Test, child):
                    controls = controls.WithFactsOf(Controls(Evaluate(conditional.Test, frame)));
                    break;
                case ConditionalExpression conditional when !ReferenceEquals(conditional.Test, child):
                    controls = controls.WithFactsOf(Controls(Evaluate(conditional.Test, frame)));
                    break;
                case SwitchCase { Test: not null } switchCase when !ReferenceEquals(switchCase.Test, child):
                    controls = controls.WithFactsOf(ConditionControls(switchCase, frame));
                    break;
                case LogicalExpression { Operator: Acornima.Operator.LogicalAnd or Acornima.Operator.LogicalOr } logical when ReferenceEquals(logical.Right, child):
                    // `t && (c = "’")`: the right side runs only as the left decides.
                    controls = controls.WithFactsOf(Controls(Evaluate(logical.Left, frame)));
                    break;
            }
        }

        return controls;
    }

    public FunctionShape Shape(Node function)
    {
        if (!_shapes.TryGetValue(function, out var shape))
        {
            shape = FunctionShape.Of(function);
            _shapes[function] = shape;
        }

        return shape;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Acornima;
using Acornima.Ast;
using Telltale.Harvesting;

namespace Telltale.JavaScript;

/// <summary>
/// A parsed bundle with what the analysis asks of it again and again: each node's parent, the names
/// each scope declares, and every identifier by name — built in one pass so that a 13 MB bundle is
/// indexed once and then queried cheaply.
/// </summary>
internal sealed partial class JavaScriptProgram
{
    private readonly ProgramIndex _index;
    private readonly HashSet<string> _sortedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<(Node Scope, bool Global, string Name), List<Identifier>> _references = [];
    private readonly Dictionary<(Node Scope, bool Global, string Name), List<Node>> _definitions = [];
    private readonly Dictionary<Node, Node?> _nearestScope = new(ReferenceEqualityComparer.Instance);

    private JavaScriptProgram(string path, string source, Program root, ProgramIndex index)
    {
        Path = path;
        Source = source;
        Root = root;
        _index = index;
    }

    public string Path { get; }
    public string Source { get; }
    public Program Root { get; }

    /// <summary>Functions in source order, including arrows and methods.</summary>
    public List<Node> Functions => _index.Functions;

    /// <summary>Short string literals (and plain templates) that contain a character outside ASCII, in source order.</summary>
    public List<Node> NonAsciiShortStrings => _index.NonAsciiShortStrings;

    /// <summary><c>c ? x.replace(…) : x</c>, <c>if (c) x = x.replace(…)</c> and <c>c &amp;&amp; (x = x.replace(…))</c> shapes.</summary>
    public List<Node> ConditionalReplacements => _index.ConditionalReplacements;

    /// <summary><c>c ? "/" : "-"</c>: a choice between two short texts that differ only in what a reader skims over.</summary>
    public List<ConditionalExpression> SubtleChoices => _index.SubtleChoices;

    public int NodeCount => _index.NodeCount;

    /// <summary>The shapes obfuscators leave, gathered while indexing so that normalisation costs nothing where there are none.</summary>
    public Normalisation.ObfuscationSignals Signals => _index.Signals;

    /// <summary>Parses a script, falling back to a module; null with a one-line reason when neither parses.</summary>
    public static JavaScriptProgram? TryParse(string source, string path, out string? error) => TryParse(source, path, null, long.MaxValue, out _, out error);

    /// <summary>Parses a script, falling back to a module; null with a one-line reason when neither parses.</summary>
    /// <param name="source">The script's text.</param>
    /// <param name="path">Where errors say they are.</param>
    /// <param name="collectLiterals">
    /// When given, a new collector for each attempt is fed the parser's own tokens, and <paramref name="literals"/> is
    /// what the attempt that parsed collected: the harvest's literals without tokenising the file a second time.
    /// </param>
    /// <param name="maxNodes">The syntax-tree budget; past it <see cref="SyntaxTreeBudgetExceededException"/> is thrown.</param>
    /// <param name="literals">The literals of the successful parse; null without a collector or when nothing parsed.</param>
    /// <param name="error">Why neither parse succeeded.</param>
    public static JavaScriptProgram? TryParse(string source, string path, Func<JavaScriptLiteralCollector>? collectLiterals, long maxNodes, out List<HarvestedLiteral>? literals, out string? error)
    {
        error = null;
        literals = null;
        // Parsing 13 MB twice costs seconds: try the kind the text announces first.
        SourceType[] order = LooksLikeModule(source) ? [SourceType.Module, SourceType.Script] : [SourceType.Script, SourceType.Module];
        foreach (var sourceType in order)
        {
            try
            {
                // Each attempt builds its own tree, so each is held to the whole budget (a tree over it is never kept).
                var root = ParseInParts(source, path, sourceType, collectLiterals, new SyntaxNodeBudget(maxNodes), out literals, out var index, PartSizes.Default);
                if (root is null)
                {
                    // Tokens start again from the beginning with each attempt, so each gets its own collector.
                    var collector = collectLiterals?.Invoke();
                    root = ParseWhole(source, path, sourceType, collector, new SyntaxNodeBudget(maxNodes));
                    literals = collector?.Literals;
                    index = ProgramIndex.Of(root);
                }

                return new JavaScriptProgram(path, source, root, index!);
            }
            catch (ParseErrorException ex)
            {
                error ??= ex.Error.ToString();
            }
            catch (InvalidOperationException ex)
            {
                error ??= ex.Message;
            }
        }

        return null;
    }

    /// <summary>The script parsed in one piece, every node knowing its parent and every scope its names.</summary>
    internal static Program ParseWhole(string source, string path, SourceType sourceType, JavaScriptLiteralCollector? collector, SyntaxNodeBudget budget)
    {
        var parser = new Parser(Options(sourceType, collector, budget));
        return sourceType == SourceType.Script ? parser.ParseScript(source, path) : parser.ParseModule(source, path);
    }

    private static ParserOptions Options(SourceType sourceType, JavaScriptLiteralCollector? collector, SyntaxNodeBudget budget) => new()
    {
        AllowHashBang = true,
        EcmaVersion = EcmaVersion.Latest,
        AllowReturnOutsideFunction = sourceType == SourceType.Script,
        AllowAwaitOutsideFunction = true,
        Tolerant = true,
        OnToken = collector is null ? null : collector.Accept,
        OnNode = (Node node, in OnNodeContext context) =>
        {
            budget.Charge();
            foreach (var child in node.ChildNodes)
            {
                SetParent(child, node);
            }

            if (context.HasScope)
            {
                // Children finish before their parent, so this node's parent is set later, on its record.
                node.UserData = new DeclaringScopeData(DeclaredNames(context.Scope));
            }
        },
    };

    /// <summary>How a large script is cut into parts (<see cref="ParseInParts"/>).</summary>
    /// <param name="MinLength">Scripts shorter than this parse whole: their top level is too small for the scope search to matter.</param>
    /// <param name="DeclarationsPerPart">At least this many top-level declarations per part: fewer would not pay for the part.</param>
    /// <param name="MaxParts">
    /// Each part starts with Acornima counting lines from the start of the text (seconds for a 33 MB bundle of many lines
    /// cut 64 ways), so a few parts of about equal declarations: 16 cuts the scope search of 45,000 declarations 16-fold.
    /// </param>
    internal readonly record struct PartSizes(int MinLength, int DeclarationsPerPart, int MaxParts)
    {
        public static PartSizes Default { get; } = new(1024 * 1024, 1500, 16);
    }

    /// <summary>
    /// The program parsed part by part between top-level statements (<see cref="TopLevelBreaks"/>), joined into one
    /// program with the same nodes, positions and top-level scope as a parse of the whole; null when the text is not
    /// worth cutting or any part does not parse or end exactly at its cut, and the caller parses the whole text, whose
    /// errors are the ones reported.
    /// </summary>
    /// <param name="source">The script.</param>
    /// <param name="path">Where errors say they are.</param>
    /// <param name="sourceType">Script or module.</param>
    /// <param name="collectLiterals">A new collector for each part, fed that part's tokens.</param>
    /// <param name="literals">The parts' literals in source order, when collected.</param>
    /// <param name="budget">Charged for every node of every part.</param>
    /// <param name="index">The joined program's index, each part's walked on the thread that parsed it.</param>
    /// <param name="sizes">Where to cut; tests cut small scripts into many parts.</param>
    /// <param name="sideBySide">Parts after the first on two threads; the program and its index are the same either way.</param>
    internal static Program? ParseInParts(string source, string path, SourceType sourceType, Func<JavaScriptLiteralCollector>? collectLiterals, SyntaxNodeBudget budget, out List<HarvestedLiteral>? literals, out ProgramIndex? index, PartSizes sizes, bool sideBySide = true)
    {
        var root = ParsePartsOnce(source, path, sourceType, collectLiterals, budget, out literals, out index, sizes, sideBySide, out var readAgainInOrder);
        if (readAgainInOrder)
        {
            // Which part the budget ran out in, and so whether an earlier part's parse error is seen first, depends on
            // which thread got where first: the script is parsed again part after part on this thread, where it does not.
            // The first attempt's parts (a budget's worth of tree) ended with its frame and are collected first, so that
            // the two attempts' trees are never held at once.
            GC.Collect();
            budget.Restart();
            root = ParsePartsOnce(source, path, sourceType, collectLiterals, budget, out literals, out index, sizes, sideBySide: false, out _);
        }

        return root;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Program? ParsePartsOnce(string source, string path, SourceType sourceType, Func<JavaScriptLiteralCollector>? collectLiterals, SyntaxNodeBudget budget, out List<HarvestedLiteral>? literals, out ProgramIndex? index, PartSizes sizes, bool sideBySide, out bool readAgainInOrder)
    {
        readAgainInOrder = false;
        literals = null;
        index = null;
        if (source.Length < sizes.MinLength)
        {
            return null;
        }

        var cuts = TopLevelBreaks.Find(source, sizes.DeclarationsPerPart, sizes.MaxParts);
        if (cuts.Count == 0)
        {
            return null;
        }

        var parts = new Program?[cuts.Count + 1];
        var indexes = new ProgramIndex?[parts.Length];
        var collectors = new JavaScriptLiteralCollector?[parts.Length];
        Program? ParsePart(int index, bool strict)
        {
            var start = index == 0 ? 0 : cuts[index - 1];
            var end = index < cuts.Count ? cuts[index] : source.Length;
            try
            {
                // A part after a top-level ';' starts with no tokens before it that a literal's callee or binding could
                // come from, so a collector per part reads what one collector over the whole text reads.
                collectors[index] = collectLiterals?.Invoke();
                var parser = new Parser(Options(sourceType, collectors[index], budget));
                Program part = sourceType == SourceType.Script
                    ? parser.ParseScript(source, start, end - start, path, strict)
                    : parser.ParseModule(source, start, end - start, path);
                if (index > 0 && part.Body.Count > 0 && part.Body[0] is Directive)
                {
                    // A string first in a part would read as a directive; in the whole text it is an expression.
                    return null;
                }

                // A cut not where a top-level statement ends (a guess about a slash was wrong) is never used.
                return index < cuts.Count && (part.Body.Count == 0 || part.Body[^1].End != end) ? null : part;
            }
            catch (ParseErrorException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        // "use strict" at the top of the file holds for every later part, so the first is parsed alone; the rest are
        // independent and parsed side by side, on this thread and one more with the same large stack (a script can nest
        // deeply, and on a pool thread Acornima runs out of stack and gives up).
        if ((parts[0] = ParsePart(0, strict: false)) is not { } first)
        {
            return null;
        }

        var failures = new ExceptionDispatchInfo?[parts.Length];
        var next = 0;
        void ParseRemainingParts()
        {
            for (int part; (part = Interlocked.Increment(ref next)) < parts.Length;)
            {
                try
                {
                    if ((parts[part] = ParsePart(part, first.Strict)) is { } parsed)
                    {
                        indexes[part] = ProgramIndex.OfPart(parsed);
                    }
                }
                catch (Exception ex)
                {
                    failures[part] = ExceptionDispatchInfo.Capture(ex);
                }

                if (!sideBySide && (parts[part] is null || failures[part] is not null))
                {
                    // In order, the first part that fails decides: nothing after it is needed.
                    return;
                }
            }
        }

        var helper = sideBySide && parts.Length > 2 ? new Thread(ParseRemainingParts, Scanning.EntryScanner.AnalysisStackBytes) { IsBackground = true, Name = "telltale-parts" } : null;
        helper?.Start();
        indexes[0] = ProgramIndex.OfPart(first);
        ParseRemainingParts();
        helper?.Join();
        if (sideBySide && failures.Any(failure => failure?.SourceException is SyntaxTreeBudgetExceededException))
        {
            readAgainInOrder = true;
            return null;
        }

        for (var part = 1; part < parts.Length; part++)
        {
            failures[part]?.Throw();
            if (parts[part] is null)
            {
                return null;
            }
        }

        var strict = first.Strict;

        var statements = parts.SelectMany(part => part!.Body).ToList();
        var body = NodeList.From(statements);
        var location = Acornima.SourceLocation.From(first.Location.Start, parts[^1]!.Location.End, path);
        var range = Acornima.Range.From(first.Start, parts[^1]!.End);
        Program root = sourceType == SourceType.Script
            ? new Script(body, strict) { Range = range, Location = location }
            : new Acornima.Ast.Module(body) { Range = range, Location = location };
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            names.UnionWith(DeclaredNamesOf(part!) ?? NoNames);
        }

        root.UserData = new DeclaringScopeData(names);
        foreach (var statement in statements)
        {
            SetParent(statement, root);
        }

        literals = collectLiterals is null ? null : [.. collectors.SelectMany(collector => collector!.Literals)];
        index = ProgramIndex.Join(root, indexes!);
        return root;
    }

    private static void SetParent(Node child, Node parent)
    {
        if (child.UserData is DeclaringScopeData scope)
        {
            scope.Parent = parent;
        }
        else
        {
            child.UserData = parent;
        }
    }

    private static bool LooksLikeModule(string source) => ModuleStatement().IsMatch(source);

    // Runs over the whole file, every byte of which the package chose: NonBacktracking keeps it linear (a backtracking
    // engine with a timeout turned 200,000 newlines into a silently skipped analysis).
    [System.Text.RegularExpressions.GeneratedRegex(@"(?:^|[;\n}])\s*(?:import\s*[\w{*$]|export\s*[\w{*$])", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial System.Text.RegularExpressions.Regex ModuleStatement();

    private static readonly HashSet<string> NoNames = new(StringComparer.Ordinal);

    private static HashSet<string> DeclaredNames(in Scope scope)
    {
        if (scope.VarVariables.IsEmpty && scope.LexicalVariables.IsEmpty && scope.Functions.IsEmpty)
        {
            // Most blocks declare nothing: one shared empty set instead of a few hundred thousand.
            return NoNames;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in scope.VarVariables)
        {
            names.Add(id.Name);
        }

        foreach (var id in scope.LexicalVariables)
        {
            names.Add(id.Name);
        }

        foreach (var id in scope.Functions)
        {
            names.Add(id.Name);
        }

        return names;
    }

    public static Node? Parent(Node node) => node.UserData is DeclaringScopeData scope ? scope.Parent : node.UserData as Node;

    /// <summary>The names a scope node declares, kept on the node with its parent.</summary>
    /// <remarks>
    /// A dictionary keyed by node identity cost about 2 s of a 13 MB bundle's parse, all of it in computing the
    /// nodes' identity hashes; a node's <see cref="Node.UserData"/> is free.
    /// </remarks>
    private sealed class DeclaringScopeData(HashSet<string> names)
    {
        public Node? Parent { get; set; }

        public HashSet<string> Names { get; } = names;
    }

    private static HashSet<string>? DeclaredNamesOf(Node node) => (node.UserData as DeclaringScopeData)?.Names;

    /// <summary>The name a function goes by: its own, or that of the variable, assignment or property it is the value of.</summary>
    public static string? NameOf(Node function) => function switch
    {
        FunctionDeclaration { Id: { } id } => id.Name,
        FunctionExpression { Id: { } id } => id.Name,
        _ => Parent(function) switch
        {
            VariableDeclarator { Id: Identifier id } => id.Name,
            AssignmentExpression { Left: Identifier id } => id.Name,
            Property { Key: Identifier id } => id.Name,
            _ => null,
        },
    };

    /// <summary>The nearest enclosing function (or the program) of a node.</summary>
    public Node FunctionOf(Node node)
    {
        for (var current = Parent(node); current is not null; current = Parent(current))
        {
            if (current is IFunction)
            {
                return current;
            }
        }

        return Root;
    }

    /// <summary>The scope node that declares what <paramref name="id"/> refers to; null for globals.</summary>
    public Node? ScopeOf(Identifier id)
    {
        var current = Parent(id);
        // A function declaration's own name lives in the scope around it, not in its own.
        if (current is FunctionDeclaration declaration && ReferenceEquals(declaration.Id, id))
        {
            current = Parent(current);
        }

        // Only scopes can declare: step from scope to scope, so an identifier 50,000 calls deep costs its
        // scopes, not its 50,000 ancestors (References visits every identifier of a name: that was quadratic).
        for (current = NearestScope(current); current is not null; current = NearestScope(Parent(current)))
        {
            if (DeclaredNamesOf(current) is { } names && names.Contains(id.Name))
            {
                return current;
            }

            if (current is FunctionExpression { Id: { } ownName } && ownName.Name == id.Name && !ReferenceEquals(ownName, id))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The scope whose binding <paramref name="name"/> means at <paramref name="site"/>; null for a global. Inlined
    /// code may only name what means the same where it lands as where it was written.
    /// </summary>
    public Node? DeclaringScope(Node site, string name)
    {
        for (var current = NearestScope(site); current is not null; current = NearestScope(Parent(current)))
        {
            if ((DeclaredNamesOf(current) is { } names && names.Contains(name))
                || (current is FunctionExpression { Id: { } ownName } && ownName.Name == name))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>What gives the binding <paramref name="name"/> of <paramref name="scope"/> its values: initialisers, assigned values, function declarations.</summary>
    /// <remarks>
    /// Remembered per binding: an obfuscator's string table is called at each of its 10,000 uses, each call asks for its
    /// definitions, and finding them reads every reference (quadratic, 40% of an obfuscated bundle's analysis).
    /// </remarks>
    public IReadOnlyList<Node> Definitions(Node? scope, string name)
    {
        var key = (scope ?? (Node)Root, scope is null, name);
        if (!_definitions.TryGetValue(key, out var definitions))
        {
            definitions = [.. FindDefinitions(scope, name)];
            _definitions[key] = definitions;
        }

        return definitions;
    }

    private IEnumerable<Node> FindDefinitions(Node? scope, string name)
    {
        foreach (var reference in References(scope, name))
        {
            switch (Parent(reference))
            {
                case VariableDeclarator declarator when ReferenceEquals(declarator.Id, reference) && declarator.Init is not null:
                    yield return declarator.Init;
                    break;
                case AssignmentExpression assignment when ReferenceEquals(assignment.Left, reference):
                    yield return assignment.Right;
                    break;
                case FunctionDeclaration declaration when ReferenceEquals(declaration.Id, reference):
                    yield return declaration;
                    break;
            }
        }
    }

    /// <summary>The node itself or its nearest ancestor that can declare a name; remembered for every node passed on the way.</summary>
    private Node? NearestScope(Node? node)
    {
        List<Node>? passed = null;
        Node? found = null;
        for (var current = node; current is not null; current = Parent(current))
        {
            if (current.UserData is DeclaringScopeData || current is FunctionExpression { Id: not null })
            {
                found = current;
                break;
            }

            if (_nearestScope.TryGetValue(current, out found))
            {
                break;
            }

            (passed ??= []).Add(current);
        }

        foreach (var step in passed ?? [])
        {
            _nearestScope[step] = found;
        }

        return found;
    }

    /// <summary>Every reference to the binding <paramref name="name"/> declared in <paramref name="scope"/>.</summary>
    public IReadOnlyList<Identifier> References(Node? scope, string name)
    {
        var key = (scope ?? (Node)Root, scope is null, name);
        if (!_references.TryGetValue(key, out var references))
        {
            references = [.. FindReferences(scope, name)];
            _references[key] = references;
        }

        return references;
    }

    /// <summary>Every identifier that reads or writes a binding named <paramref name="name"/>, whatever its scope, in source order.</summary>
    public IReadOnlyList<Identifier> ReferencesNamed(string name)
    {
        if (!_index.Identifiers.TryGetValue(name, out var all))
        {
            return [];
        }

        if (_sortedNames.Add(name))
        {
            all.Sort((a, b) => a.Start.CompareTo(b.Start));
        }

        return all;
    }

    private IEnumerable<Identifier> FindReferences(Node? scope, string name)
    {
        if (ReferencesNamed(name) is not List<Identifier> { Count: > 0 } all)
        {
            yield break;
        }

        // Only identifiers inside the scope's text can refer to its bindings (globals: anywhere).
        var first = 0;
        var end = int.MaxValue;
        if (scope is not null and not Program)
        {
            first = LowerBound(all, scope.Start);
            end = scope.End;
        }

        for (var i = first; i < all.Count && all[i].Start < end; i++)
        {
            var id = all[i];
            if (ReferenceEquals(ScopeOf(id), scope))
            {
                yield return id;
            }
        }
    }

    /// <summary>The index of the first identifier at or after <paramref name="start"/> in a list in source order.</summary>
    internal static int LowerBound(IReadOnlyList<Identifier> sorted, int start)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle].Start < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Calls written <c>x.name(…)</c>, whatever <c>x</c> is.</summary>
    public IReadOnlyList<CallExpression> MethodCalls(string name) => _index.MethodCalls.TryGetValue(name, out var calls) ? calls : [];

    public int ReferenceCount(string name) => _index.Identifiers.TryGetValue(name, out var all) ? all.Count : 0;

    public string Excerpt(Node node, int max = 160)
    {
        var start = Math.Clamp(node.Start, 0, Source.Length);
        var length = Math.Clamp(node.End - node.Start, 0, Source.Length - start);
        var text = Source.Substring(start, Math.Min(length, max));
        return length > max ? text + "…" : text;
    }

    public string Text(Node node) => Source.Substring(node.Start, node.End - node.Start);

    internal const int ShortStringLimit = 64;

    /// <summary>The text of <c>String.fromCharCode(…)</c> on numeric literals; null for any other call.</summary>
    internal static string? CharCodeString(CallExpression call)
    {
        if (call is not { Callee: MemberExpression { Object: Identifier { Name: "String" }, Property: Identifier { Name: "fromCharCode" } } } || call.Arguments.Count is 0 or > ShortStringLimit)
        {
            return null;
        }

        var builder = new System.Text.StringBuilder(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            if (argument is not NumericLiteral { Value: >= 0 and <= 0xFFFF } code)
            {
                return null;
            }

            builder.Append((char)code.Value);
        }

        return builder.ToString();
    }

    internal static bool IsShortNonAscii(string? value)
    {
        if (value is null || value.Length == 0 || value.Length > ShortStringLimit)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c >= 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>False for property names and labels, which name no binding.</summary>
    public bool IsReferenceNode(Identifier id) => IsReference(id);

    internal static bool IsReference(Identifier id) => Parent(id) switch
    {
        MemberExpression member => member.Computed || !ReferenceEquals(member.Property, id),
        Property property => property.Computed || property.Shorthand || !ReferenceEquals(property.Key, id),
        MethodDefinition or PropertyDefinition or LabeledStatement or BreakStatement or ContinueStatement => false,
        _ => true,
    };

    /// <summary><c>x.replace(…)</c> / <c>x.replaceAll(…)</c> / <c>x.split(…).join(…)</c> whose receiver is written as <paramref name="original"/>.</summary>
    internal static bool IsReplacementOf(Expression changed, Expression original)
    {
        var receiver = ReplacementReceiver(changed);
        return receiver is not null && SameReference(receiver, original);
    }

    internal static Expression? ReplacementReceiver(Expression expression)
    {
        if (expression is CallExpression { Callee: MemberExpression { Property: Identifier method } member })
        {
            if (method.Name is "replace" or "replaceAll")
            {
                return member.Object;
            }

            if (method.Name == "join" && member.Object is CallExpression { Callee: MemberExpression { Property: Identifier { Name: "split" } } split })
            {
                return split.Object;
            }
        }

        return null;
    }

    private static bool SameReference(Expression a, Expression b) => (a, b) switch
    {
        (Identifier x, Identifier y) => x.Name == y.Name,
        (MemberExpression x, MemberExpression y) => !x.Computed && !y.Computed && x.Property is Identifier px && y.Property is Identifier py && px.Name == py.Name && SameReference(x.Object, y.Object),
        _ => false,
    };

    internal static bool AssignsReplacement(Statement statement)
    {
        var expression = statement switch
        {
            ExpressionStatement e => e.Expression,
            BlockStatement { Body.Count: 1 } block when block.Body[0] is ExpressionStatement e => e.Expression,
            _ => null,
        };
        return expression is AssignmentExpression { Left: Expression left, Right: var right } && IsReplacementOf(right, left);
    }
}

using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Replaces calls of a string-table function by the strings they return. Obfuscators move every string of a program
/// into one table, rotate it at start-up and hand out its entries through a decoder (plain, base64, rc4) called with
/// numbers: <c>d(0x1c2)</c> where the code said <c>"hostname"</c>. A function counts as a table when it is called with
/// constants at least <see cref="MinimumCalls"/> times and the code it needs holds an array of at least
/// <see cref="MinimumTableStrings"/> strings. That code, the statements beside it that only touch it (the rotation),
/// and every call are run together in the sandbox, so the result is what the program itself would compute.
/// </summary>
internal static class StringTableFolding
{
    public const int MinimumCalls = 3;
    public const int MinimumTableStrings = 5;

    // One evaluation runs this many calls: enough for a whole table, few enough to stay far under its statement limit.
    private const int CallsPerEvaluation = 256;

    private static readonly HashSet<string> SafeGlobals = new(StringComparer.Ordinal)
    {
        "parseInt", "parseFloat", "Number", "String", "Boolean", "Math", "Array", "Object", "RegExp", "JSON", "Error",
        "decodeURIComponent", "encodeURIComponent", "decodeURI", "encodeURI", "escape", "unescape", "atob", "btoa",
        "undefined", "NaN", "Infinity", "isNaN", "isFinite", "Buffer", "Uint8Array", "TextDecoder",
    };

    /// <param name="knownTables">Names of functions found to be tables in earlier rounds: once most calls are folded, the last few still are table calls.</param>
    public static void Collect(JavaScriptProgram program, DecoderFolding folding, SourceEdits edits, ISet<string> knownTables)
    {
        // Calls are grouped by the function they reach, through aliases: each use site of a table often has its own alias.
        var calls = new Dictionary<IFunction, List<CallExpression>>(ReferenceEqualityComparer.Instance);
        foreach (var call in program.Signals.ConstantArgumentCalls)
        {
            if (WrapperInlining.ResolveFunction(program, (Identifier)call.Callee) is { } function)
            {
                (calls.TryGetValue(function, out var list) ? list : calls[function] = []).Add(call);
            }
        }

        // Wrappers and aliases of one table each see a few calls; together they are the table's readers. So calls are
        // counted per table (the array their lifted code holds), and every function reading a table with enough calls folds.
        var candidates = new List<(IFunction Function, List<CallExpression> Sites, DecoderFolding.LiftedCode Code, Node Table)>();
        var callsPerTable = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        foreach (var (function, sites) in calls)
        {
            if (folding.LiftCode((Node)function) is { } lifted && TableOf(lifted) is { } table)
            {
                candidates.Add((function, sites, lifted, table));
                callsPerTable[table] = callsPerTable.GetValueOrDefault(table) + sites.Count;
            }
        }

        // Each table's readers fold together, so that its set-up (a rotation can run half a million statements) runs once
        // for all of them instead of once for each; what each reader protects and folds is then applied in the readers' order.
        var readers = new List<(Node Table, IReadOnlyList<Node> SetUp, DecoderFolding.LiftedCode Code, List<CallExpression> Folded, List<IReadOnlyList<object?>> Arguments)>();
        foreach (var (function, sites, lifted, table) in candidates)
        {
            var name = (function as FunctionDeclaration)?.Id?.Name;
            if (callsPerTable[table] < MinimumCalls && (name is null || !knownTables.Contains(name)))
            {
                continue;
            }

            var code = lifted;

            // The wrapper's table and decoder are tables too: once wrappers are inlined, the decoder is called directly.
            foreach (var declared in code.Nodes.OfType<FunctionDeclaration>().Select(d => d.Id?.Name).Append(name).OfType<string>())
            {
                knownTables.Add(declared);
            }

            if (SetUpStatements(program, (Node)function, code) is not { } setUp)
            {
                continue;
            }

            if (setUp.Count > 0 && folding.LiftCode((Node)function, setUp) is { } withSetUp)
            {
                code = withSetUp;
            }

            var arguments = new List<IReadOnlyList<object?>>(sites.Count);
            var folded = new List<CallExpression>(sites.Count);
            foreach (var site in sites)
            {
                if (Arguments(site) is { } values)
                {
                    arguments.Add(values);
                    folded.Add(site);
                }
            }

            readers.Add((table, setUp, code, folded, arguments));
        }

        var results = new IReadOnlyList<string?>?[readers.Count];
        foreach (var group in Enumerable.Range(0, readers.Count).GroupBy(i => new TableSetUp(readers[i].Table, readers[i].SetUp)))
        {
            var members = group.ToList();
            // One engine runs the set-up once and then every reader's calls, as the program does; a failed evaluation ends it.
            var values = folding.FoldReaderCalls([.. members.Select(i => new DecoderFolding.TableReader(readers[i].Code, readers[i].Arguments))], group.Key.SetUp, CallsPerEvaluation);
            for (var m = 0; m < members.Count; m++)
            {
                results[members[m]] = values[m];
            }
        }

        for (var r = 0; r < readers.Count; r++)
        {
            var (_, setUp, code, folded, _) = readers[r];
            // The table's code and its set-up run as written: folding a call inside the rotation would change what it computes.
            foreach (var node in code.Nodes.Concat(setUp))
            {
                edits.Protect(node.Start, node.End);
            }

            if (results[r] is not { } texts)
            {
                continue;
            }

            for (var i = 0; i < texts.Count; i++)
            {
                if (texts[i] is { } text)
                {
                    edits.TryAdd(folded[i].Start, folded[i].End, ConstantExpressions.Quote(text));
                }
            }
        }
    }

    /// <summary>A table and its set-up statements, compared by the nodes they are: the readers that fold together.</summary>
    private readonly record struct TableSetUp(Node Table, IReadOnlyList<Node> SetUp)
    {
        public bool Equals(TableSetUp other) =>
            ReferenceEquals(Table, other.Table) && SetUp.Count == other.SetUp.Count && SetUp.Zip(other.SetUp).All(pair => ReferenceEquals(pair.First, pair.Second));

        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Table), SetUp.Count);
    }

    private static List<object?>? Arguments(CallExpression call)
    {
        var values = new List<object?>(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            if (!ConstantExpressions.TryEvaluate(argument, out var value))
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The array of at least <see cref="MinimumTableStrings"/> strings the lifted code holds, or null.</summary>
    private static Node? TableOf(DecoderFolding.LiftedCode code) =>
        code.Nodes.SelectMany(node => AstWalk.Descendants(node))
            .FirstOrDefault(node => node is ArrayExpression array && array.Elements.Count(e => e is StringLiteral) >= MinimumTableStrings);

    /// <summary>
    /// Statements beside the table's declaration that use nothing but the lifted code and safe globals, such as the
    /// rotation loop: they run before the calls, as they do when the program starts.
    /// </summary>
    private static List<Node>? SetUpStatements(JavaScriptProgram program, Node function, DecoderFolding.LiftedCode code)
    {
        var setUp = new List<Node>();
        // Beside the function itself and beside every declaration it needs: the rotation sits next to the table, not the wrapper.
        var containers = code.Nodes.OfType<FunctionDeclaration>().Select(d => JavaScriptProgram.Parent(d)).Prepend(JavaScriptProgram.Parent(function))
            .OfType<Node>().Distinct(ReferenceEqualityComparer.Instance).Cast<Node>().ToList();
        var siblings = containers.SelectMany(container => container switch
        {
            Acornima.Ast.Program root => (IEnumerable<Node>)root.Body,
            BlockStatement block => block.Body,
            _ => [],
        }).Distinct(ReferenceEqualityComparer.Instance).Cast<Node>().OrderBy(node => node.Start).ToList();

        var liftedNames = code.Bindings.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        if (function is FunctionDeclaration { Id: { } id })
        {
            liftedNames.Add(id.Name);
        }

        // Only a statement naming the lifted code can prepare it: the others (all of a bundle's top level, beside a table
        // declared there) are passed over without reading them, once for each of the table's readers.
        var named = liftedNames.Select(program.ReferencesNamed).Where(references => references.Count > 0).ToList();
        foreach (var statement in siblings)
        {
            if (statement is not ExpressionStatement expression || expression.Expression is AssignmentExpression || !named.Exists(references => AnyWithin(references, statement)))
            {
                continue;
            }

            var usesTable = false;
            var safe = true;
            foreach (var identifier in AstWalk.Descendants(statement).OfType<Identifier>())
            {
                if (!program.IsReferenceNode(identifier))
                {
                    continue;
                }

                if (!safe && usesTable)
                {
                    break;
                }

                var scope = program.ScopeOf(identifier);
                if (scope is not null && DecoderFolding.IsWithin(scope, statement))
                {
                    continue;
                }

                if (liftedNames.Contains(identifier.Name) && scope is not null)
                {
                    // Passed on as a value (the rotation receives the table): this prepares it. Only called: it only reads it.
                    usesTable |= JavaScriptProgram.Parent(identifier) is not CallExpression call || !ReferenceEquals(call.Callee, identifier);
                }
                else if (scope is null ? !SafeGlobals.Contains(identifier.Name) : !DefinedByFunctionsOnly(program, scope, identifier.Name))
                {
                    safe = false;
                }
            }

            if (usesTable && !safe)
            {
                // Something prepares the table that the sandbox cannot run: the table's state is unknown, so nothing is folded.
                return null;
            }

            if (usesTable)
            {
                setUp.Add(statement);
            }
        }

        return setUp;
    }

    private static bool AnyWithin(IReadOnlyList<Identifier> inSourceOrder, Node node)
    {
        var first = JavaScriptProgram.LowerBound(inSourceOrder, node.Start);
        return first < inSourceOrder.Count && inSourceOrder[first].Start < node.End;
    }

    /// <summary>A binding only function declarations define, such as a wrapper the rotation calls: it can be lifted beside the table.</summary>
    private static bool DefinedByFunctionsOnly(JavaScriptProgram program, Node scope, string name) =>
        program.Definitions(scope, name).Take(4).ToList() is { Count: > 0 } definitions && definitions.TrueForAll(d => d is FunctionDeclaration);
}

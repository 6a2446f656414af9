using System.Collections.Immutable;
using System.Text;
using Acornima.Ast;
using Telltale.Decoding;
using Telltale.JavaScript.Sandbox;

namespace Telltale.JavaScript;

/// <summary>
/// Replaces a call to a bundle function that decodes constants by the value it returns: the function and
/// the constants and helpers it uses are lifted out of the bundle and run in the Jint sandbox (no host
/// objects, hard limits). Static decoding of the argument names the layers when it reaches the same value.
/// </summary>
internal sealed class DecoderFolding
{
    private const int MaxFunctionLength = 6_000;
    private const int MaxProgramLength = 64_000;
    private const int MaxLiftedBindings = 24;
    private const string LiftedName = "__telltale_decoder";

    private static readonly string[] DecoderMarkers =
        ["fromCharCode", "charCodeAt", "atob", "Buffer", "base64", "^", "decodeURIComponent", "codePointAt", "TextDecoder", "parseInt"];

    private readonly JavaScriptProgram _program;
    private readonly JavaScriptSandbox _sandbox;
    private readonly LayeredDecoder _decoder;
    private readonly SandboxWorkMeter _meter;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(Node, string), AbstractValue?> _cache = [];
    private readonly Dictionary<Node, AbstractValue?> _constantCalls = new(ReferenceEqualityComparer.Instance);

    public DecoderFolding(JavaScriptProgram program, JavaScriptSandbox sandbox, LayeredDecoder decoder, SandboxWorkMeter meter, CancellationToken cancellationToken)
    {
        _program = program;
        _sandbox = sandbox;
        _decoder = decoder;
        _meter = meter;
        _cancellationToken = cancellationToken;
    }

    public int Evaluations => _meter.Evaluations;

    /// <summary>The scan's cancellation, which the evaluator checks too so that Ctrl-C never waits for an analysis.</summary>
    public CancellationToken CancellationToken => _cancellationToken;

    /// <summary>Constants the sandbox can be given: strings, numbers, string lists, number arrays.</summary>
    public static bool CanPass(AbstractValue argument) =>
        argument.IsConstant || argument.List is not null || (!argument.Elements.IsDefault && argument.Elements.Length > 0 && argument.Elements.All(e => e.Number is not null));

    public static bool LooksLikeDecoder(JavaScriptProgram program, Node function)
    {
        var length = function.End - function.Start;
        if (length > MaxFunctionLength)
        {
            return false;
        }

        var text = program.Source.AsSpan(function.Start, length);
        foreach (var marker in DecoderMarkers)
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The folded value of <paramref name="function"/> applied to constant arguments, or null when it does not fold.</summary>
    public AbstractValue? TryFold(Node function, IReadOnlyList<AbstractValue> arguments, Node callSite)
    {
        var values = new List<object?>(arguments.Count);
        foreach (var argument in arguments)
        {
            if (argument.SingleString is { } s)
            {
                values.Add(s);
            }
            else if (argument.Number is { } n)
            {
                values.Add(n);
            }
            else if (argument.List is { } list)
            {
                values.Add(list.Items.Cast<object?>().ToArray());
            }
            else if (!argument.Elements.IsDefault && argument.Elements.Length > 0 && argument.Elements.All(e => e.Number is not null))
            {
                values.Add(argument.Elements.Select(e => (object?)e.Number).ToArray());
            }
            else
            {
                return null;
            }
        }

        var key = (function, string.Join("\u0001", values.Select(v => v is object?[] a ? string.Join(",", a) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        // The analysis of one file runs on one thread, so a plain dictionary keeps the answers.
        if (!_cache.TryGetValue(key, out var folded))
        {
            folded = Fold(function, values, callSite);
            _cache[key] = folded;
        }

        return folded;
    }

    /// <summary>
    /// The value of a call made of nothing but constants, constant bindings and pure built-ins, run in the sandbox:
    /// what a minifier leaves of a decoder it inlined (<c>atob("…").split("").reverse().join("").split(",")</c>,
    /// <c>String.fromCharCode(...n.map(e =&gt; e - 3))</c>, an arrow decoder called on the spot). Null for a call
    /// that names anything else (a parameter, the environment, a host object) or does not look like decoding.
    /// </summary>
    public AbstractValue? TryFoldConstantCall(CallExpression call)
    {
        if (_constantCalls.TryGetValue(call, out var cached))
        {
            return cached;
        }

        AbstractValue? folded = null;
        if (LooksLikeDecoder(_program, call) && IsMadeOfConstants(call) && LiftCode(call) is { } code)
        {
            var encoded = code.Nodes.Prepend(call).SelectMany(n => AstWalk.Descendants(n)).OfType<StringLiteral>().Select(l => l.Value)
                .OrderByDescending(v => v.Length).FirstOrDefault() ?? "";
            folded = Run(code.Program, $"{LiftedName}()", encoded, "expression " + _program.Excerpt(call, 48), call);
        }

        _constantCalls[call] = folded;
        return folded;
    }

    /// <summary>
    /// Every name the call uses is its own, a binding whose definitions can all be lifted (constants, functions), or
    /// a pure built-in; a parameter or a host object (process, require) means the value is not a constant.
    /// </summary>
    private bool IsMadeOfConstants(CallExpression call)
    {
        foreach (var id in AstWalk.Descendants(call).OfType<Identifier>())
        {
            if (!_program.IsReferenceNode(id))
            {
                continue;
            }

            var scope = _program.ScopeOf(id);
            if (scope is null)
            {
                if (!PureGlobals.Contains(id.Name))
                {
                    return false;
                }

                continue;
            }

            if (IsWithin(scope, call))
            {
                continue;
            }

            var definitions = _program.Definitions(scope, id.Name).Take(4).ToList();
            if (definitions.Count == 0 || !definitions.All(d => d is FunctionDeclaration || (d is Expression e && IsLiftable(e))))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly HashSet<string> PureGlobals = new(StringComparer.Ordinal)
    {
        "atob", "btoa", "String", "Array", "Math", "Number", "parseInt", "parseFloat", "decodeURIComponent", "encodeURIComponent",
        "escape", "unescape", "JSON", "Object", "undefined", "NaN", "Infinity", "Uint8Array", "Uint16Array", "TextDecoder", "Buffer",
    };

    private AbstractValue? Fold(Node function, List<object?> arguments, Node callSite)
    {
        var program = Lift(function, out var name);
        if (program is null)
        {
            return null;
        }

        // Arguments become JSON literals, which are valid JavaScript: constants from the bundle never become code.
        var call = $"{name}({string.Join(", ", arguments.Select(a => System.Text.Json.JsonSerializer.Serialize(a)))})";
        var encoded = arguments.OfType<string>().OrderByDescending(s => s.Length).FirstOrDefault() ?? "";
        return Run(program, call, encoded, JavaScriptProgram.NameOf(function) ?? "a bundle function", callSite);
    }

    private AbstractValue? Run(string program, string call, string encoded, string functionName, Node callSite)
    {
        // Every run is charged to the file's and the scan's budgets; once they are spent nothing more is folded
        // and the file is reported incomplete.
        var result = _sandbox.Evaluate(program, call, _meter, _cancellationToken);
        if (!result.Succeeded)
        {
            return null;
        }

        switch (result.Value)
        {
            case string text when text.Length > 0 && text != encoded:
                return new AbstractValue { Strings = [text], DecodeChain = Chain(encoded, text, functionName), List = SplitIfList(text, encoded, functionName, callSite) };
            case IReadOnlyList<object?> items when items.Count > 0 && items.All(i => i is string):
                var strings = items.Cast<string>().ToImmutableArray();
                var hidden = !strings.All(i => encoded.Contains(i, StringComparison.Ordinal));
                return new AbstractValue { List = new ListFact(strings, hidden, Chain(encoded, string.Join(",", strings), functionName), callSite) };
            default:
                return null;
        }
    }

    private ListFact? SplitIfList(string text, string encoded, string functionName, Node callSite)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        return items.Length >= 3 && !encoded.Contains(items[0], StringComparison.Ordinal)
            ? new ListFact([.. items], true, Chain(encoded, text, functionName), callSite)
            : null;
    }

    /// <summary>The static decoder's layers when they reach the same text; otherwise the bundle function that decodes it.</summary>
    private ImmutableArray<string> Chain(string encoded, string decoded, string functionName)
    {
        if (encoded.Length >= 8 && _decoder.Decode(encoded).Text is { } text && text.Value.Trim() == decoded.Trim())
        {
            return [.. text.Chain];
        }

        return [$"js {functionName}()"];
    }

    /// <summary>The function plus every binding it uses from enclosing scopes that is a constant or a function.</summary>
    private string? Lift(Node function, out string name)
    {
        name = LiftedName;
        return LiftCode(function)?.Program;
    }

    /// <summary>
    /// The lifted code of <paramref name="function"/> (bound to <c>__telltale_decoder</c>), the nodes copied into it and the
    /// bindings it defines; null when it would be too large.
    /// </summary>
    /// <param name="function">The function to lift.</param>
    /// <param name="alongside">Statements that will run beside it (a table's rotation): what they use is lifted too, but not they themselves.</param>
    internal LiftedCode? LiftCode(Node function, IReadOnlyList<Node>? alongside = null)
    {
        var lifted = new HashSet<(Node?, string)>();
        var nodes = new List<Node>();
        var declarations = new List<LiftedDeclaration>();
        string? entry = null;
        var pending = new Queue<Node>();
        pending.Enqueue(function);
        var roots = new HashSet<Node>(alongside ?? [], ReferenceEqualityComparer.Instance);
        foreach (var statement in roots)
        {
            pending.Enqueue(statement);
        }

        var total = 0;
        var first = true;
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            var text = _program.Text(current);
            total += text.Length;
            if (total > MaxProgramLength)
            {
                return null;
            }

            if (!roots.Contains(current))
            {
                nodes.Add(current);
            }

            if (first)
            {
                if (current is FunctionDeclaration { Id: { } id })
                {
                    declarations.Add(new((_program.ScopeOf(id), id.Name), id.Name, text));
                    entry = $"var {LiftedName} = {id.Name};";
                }
                else
                {
                    // An expression is run when called, after the bindings it uses exist.
                    entry = current is IFunction ? $"var {LiftedName} = ({text});" : $"var {LiftedName} = () => ({text});";
                }

                first = false;
            }

            foreach (var (scope, identifierName) in FreeBindings(current))
            {
                if (!lifted.Add((scope, identifierName)) || lifted.Count > MaxLiftedBindings)
                {
                    continue;
                }

                foreach (var definition in _program.Definitions(scope, identifierName))
                {
                    switch (definition)
                    {
                        case FunctionDeclaration declaration:
                            declarations.Add(new((scope, identifierName), identifierName, _program.Text(declaration)));
                            FreeBindingsInto(declaration, pending);
                            break;
                        case Identifier alias:
                            // `var w = table`: the alias is lifted as it is and what it names is lifted in turn.
                            declarations.Add(new((scope, identifierName), identifierName, $"var {identifierName} = {alias.Name};"));
                            pending.Enqueue(alias);
                            break;
                        case Expression init when IsLiftable(init):
                            declarations.Add(new((scope, identifierName), identifierName, $"var {identifierName} = ({_program.Text(init)});"));
                            nodes.Add(init);
                            if (init is IFunction)
                            {
                                pending.Enqueue(init);
                            }

                            break;
                    }
                }
            }
        }

        // Dependencies first so that constants exist before the decoder runs at call time.
        declarations.Reverse();
        var builder = new StringBuilder();
        foreach (var declaration in declarations)
        {
            builder.AppendLine(declaration.Text);
        }

        builder.AppendLine(entry);
        return new LiftedCode(builder.ToString(), nodes, lifted, declarations, entry!);
    }

    /// <summary>
    /// Runs <paramref name="code"/> once per argument list, after <paramref name="setUp"/> (statements that prepare
    /// its table, such as a rotation) ran once, all in one sandbox engine: one value per call, null where a call threw or
    /// returned no string, or its evaluation or an earlier one failed; null when none succeeded.
    /// </summary>
    /// <param name="code">The lifted function.</param>
    /// <param name="setUp">Statements to run first.</param>
    /// <param name="calls">One argument list per call.</param>
    /// <param name="callsPerEvaluation">Calls evaluated together, each evaluation under its own statement limit.</param>
    /// <param name="numbersAsText">Take a number a call returns as its text too (a hash), not only strings (a table).</param>
    internal IReadOnlyList<string?>? FoldCalls(LiftedCode code, IReadOnlyList<Node> setUp, IReadOnlyList<IReadOnlyList<object?>> calls, int callsPerEvaluation, bool numbersAsText = false) =>
        FoldReaderCalls([new TableReader(code, calls)], setUp, callsPerEvaluation, numbersAsText)[0];

    /// <summary>
    /// The calls of every reader of one table (its decoder, its wrappers, their aliases), as <see cref="FoldCalls"/> runs
    /// one reader's, but with the set-up run once for as many readers as one engine can hold, as the program runs it once:
    /// a later reader brings only the declarations no earlier one brought (the table, already rotated, is not made again).
    /// A reader whose code would bind a name an earlier one bound to another binding, or that comes after a failed
    /// evaluation, starts an engine of its own, with its whole code and the set-up. One result per reader, in their order.
    /// </summary>
    internal IReadOnlyList<IReadOnlyList<string?>?> FoldReaderCalls(IReadOnlyList<TableReader> readers, IReadOnlyList<Node> setUp, int callsPerEvaluation, bool numbersAsText = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerEvaluation);
        var results = new IReadOnlyList<string?>?[readers.Count];
        var first = 0;
        while (first < readers.Count)
        {
            var program = new StringBuilder(readers[first].Code.Program);
            program.Append("var __telltale_setup_failed = false;\n");
            foreach (var statement in setUp)
            {
                // A table whose rotation did not run hands out the wrong strings: then nothing is folded.
                program.Append("try {\n").Append(_program.Text(statement)).Append("\n} catch (e) { __telltale_setup_failed = true; }\n");
            }

            program.Append("function __telltale_each(args) { if (__telltale_setup_failed) return null; try { var v = ").Append(LiftedName)
                .Append(numbersAsText
                    ? ".apply(null, args); return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : null; } catch (e) { return null; } }\n"
                    : ".apply(null, args); return typeof v === 'string' ? v : null; } catch (e) { return null; } }\n");

            var bound = new Dictionary<string, (Node? Scope, string Name)>(StringComparer.Ordinal);
            foreach (var declaration in readers[first].Code.Declarations)
            {
                bound[declaration.Name] = declaration.Binding;
            }

            // Each evaluation: which reader, and where its calls start. A later reader's declarations go before its first calls.
            var expressions = new List<string>();
            var batches = new List<(int Reader, int Start, int Count)>();
            var last = first;
            for (var reader = first; reader < readers.Count; reader++)
            {
                var prefix = "";
                if (reader > first && readers[reader].Calls.Count == 0)
                {
                    // Its declarations would go before its first call: with none, they are never made, and none is folded.
                    last = reader;
                    continue;
                }

                if (reader > first)
                {
                    var missing = readers[reader].Code.Declarations.Where(d => !bound.TryGetValue(d.Name, out var binding) || binding != d.Binding).ToList();
                    if (missing.Exists(d => bound.ContainsKey(d.Name)))
                    {
                        break;
                    }

                    foreach (var declaration in missing)
                    {
                        bound[declaration.Name] = declaration.Binding;
                    }

                    prefix = string.Concat(missing.Select(d => d.Text + "\n")) + readers[reader].Code.Entry + "\n";
                }

                var calls = readers[reader].Calls;
                for (var start = 0; start < calls.Count; start += callsPerEvaluation)
                {
                    var count = Math.Min(callsPerEvaluation, calls.Count - start);
                    var expression = new StringBuilder(start == 0 ? prefix : "").Append('[');
                    for (var i = start; i < start + count; i++)
                    {
                        // Arguments become JSON literals, which are valid JavaScript: constants from the bundle never become code.
                        expression.Append("__telltale_each(").Append(System.Text.Json.JsonSerializer.Serialize(calls[i])).Append("),");
                    }

                    expressions.Add(expression.Append(']').ToString());
                    batches.Add((reader, start, count));
                }

                last = reader;
            }

            var evaluated = _sandbox.EvaluateEach(program.ToString(), expressions, _meter, _cancellationToken);
            var values = new string?[]?[readers.Count];
            var failedReader = -1;
            for (var b = 0; b < batches.Count; b++)
            {
                var (reader, start, count) = batches[b];
                if (b >= evaluated.Count || evaluated[b] is not { Succeeded: true, Value: IReadOnlyList<object?> batchValues } || batchValues.Count != count)
                {
                    // An evaluation that failed ends the engine: the readers after this one start again in a new one.
                    failedReader = reader;
                    break;
                }

                var readerValues = values[reader] ??= new string?[readers[reader].Calls.Count];
                for (var i = 0; i < count; i++)
                {
                    readerValues[start + i] = batchValues[i] as string;
                }
            }

            for (var reader = first; reader <= (failedReader >= 0 ? failedReader : last); reader++)
            {
                results[reader] = values[reader];
            }

            first = failedReader >= 0 ? failedReader + 1 : last + 1;
        }

        return results;
    }

    /// <summary>One function that reads a table, lifted, and the argument lists it is called with.</summary>
    internal sealed record TableReader(LiftedCode Code, IReadOnlyList<IReadOnlyList<object?>> Calls);

    /// <summary>
    /// <paramref name="function"/> (a hash of the program's) applied to each of <paramref name="inputs"/> in one sandbox
    /// run, each result as JavaScript's <c>String(v)</c> of a number or string; null when it cannot be lifted or the
    /// run fails. Used to recover the items of a list of hashes, never with the machine's own values.
    /// </summary>
    /// <param name="function">The hash.</param>
    /// <param name="inputs">The names to hash, each passed as the first argument.</param>
    /// <param name="rest">The constants the program passes after it (a seed), as JSON values.</param>
    internal IReadOnlyList<string?>? HashAll(Node function, IReadOnlyList<string> inputs, IReadOnlyList<object?> rest) =>
        LiftCode(function) is { } code
            ? FoldCalls(code, [], [.. inputs.Select(input => (IReadOnlyList<object?>)[input, .. rest])], callsPerEvaluation: Math.Max(1, inputs.Count), numbersAsText: true)
            : null;

    private static void FreeBindingsInto(Node function, Queue<Node> pending) => pending.Enqueue(function);

    private static bool IsLiftable(Expression init) => init switch
    {
        Literal or IFunction => true,
        TemplateLiteral template => template.Expressions.Count == 0,
        UnaryExpression { Argument: Literal } => true,
        ArrayExpression array => array.Elements.All(e => e is Literal or UnaryExpression { Argument: Literal }),
        _ => false,
    };

    private IEnumerable<(Node?, string)> FreeBindings(Node function)
    {
        var seen = new HashSet<(Node?, string)>();
        foreach (var id in AstWalk.Descendants(function).OfType<Identifier>())
        {
            if (_program.IsReferenceNode(id) && _program.ScopeOf(id) is { } scope && !IsWithin(scope, function) && seen.Add((scope, id.Name)))
            {
                yield return (scope, id.Name);
            }
        }
    }

    internal static bool IsWithin(Node node, Node ancestor)
    {
        for (Node? current = node; current is not null; current = JavaScriptProgram.Parent(current))
        {
            if (ReferenceEquals(current, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Lifted code: the program text, the nodes copied into it, the bindings (scope, name) it defines, and the same program
    /// as its declarations (dependencies first) and the line that binds the lifted function to <c>__telltale_decoder</c>.
    /// </summary>
    internal sealed record LiftedCode(string Program, IReadOnlyList<Node> Nodes, IReadOnlySet<(Node? Scope, string Name)> Bindings, IReadOnlyList<LiftedDeclaration> Declarations, string Entry);

    /// <summary>One declaration of lifted code: the binding (scope, name) it defines, that name, and its text.</summary>
    internal sealed record LiftedDeclaration((Node? Scope, string Name) Binding, string Name, string Text);
}

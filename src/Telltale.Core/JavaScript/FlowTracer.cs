using System.Collections.Immutable;
using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>
/// Follows a value forward from where it is made to where it leaves the code: through templates and
/// concatenation, variables, object properties and destructuring (tracking which property holds it),
/// arguments into functions and returns back to the caller, wrappers such as memoize, and array callbacks.
/// </summary>
internal sealed class FlowTracer
{
    private const int MaxSteps = 40_000;
    private const int MaxCallDepth = 10;
    private const int MaxPathDepth = 6;
    private const int MaxCallSites = 48;
    private const string AnyElement = "[]";

    private static readonly HashSet<string> SystemKeys = ["system", "systemPrompt", "system_prompt", "systemInstruction", "system_instruction", "instructions", "preamble"];
    private static readonly HashSet<string> MessageKeys = ["messages", "contents", "input", "prompt"];
    private static readonly HashSet<string> NetworkCalls = ["fetch", "request", "post", "put", "patch", "send", "write", "end", "axios", "got", "sendBeacon", "postMessage"];
    private static readonly HashSet<string> FileCalls = ["writeFile", "writeFileSync", "appendFile", "appendFileSync", "createWriteStream", "outputFile", "outputFileSync"];
    private static readonly HashSet<string> ConsoleCalls = ["log", "info", "warn", "error", "debug", "trace"];
    private static readonly HashSet<string> CallbackMethods = ["map", "flatMap", "forEach", "filter", "reduce", "some", "every", "find", "then"];
    private static readonly HashSet<string> PassThroughGlobals = ["JSON", "Object", "Promise", "Array", "String", "Buffer", "encodeURIComponent", "encodeURI", "structuredClone"];

    private readonly JavaScriptProgram _program;
    private readonly ValueEvaluator _evaluator;

    public FlowTracer(JavaScriptProgram program, ValueEvaluator evaluator)
    {
        _program = program;
        _evaluator = evaluator;
    }

    private sealed record Item(Node Node, ImmutableStack<string> Path, ImmutableStack<CallExpression> Calls);

    public FlowTrace Trace(Node start)
    {
        var carriers = new List<Node>();
        var sinks = new List<SinkHit>();
        var queue = new Queue<Item>();
        var visited = new HashSet<(Node, string)>();
        if (start is AssignmentExpression assignment)
        {
            // `tag += "\u200b"` changes the variable: what matters is where the variable goes next.
            Bind(assignment.Left, [], [], queue);
        }
        else
        {
            queue.Enqueue(new Item(start, [], []));
        }

        var steps = 0;
        while (queue.Count > 0 && steps++ < MaxSteps)
        {
            var item = queue.Dequeue();
            // Objects nest objects nest objects: past a few levels the path says nothing a reviewer needs.
            if (item.Path.Count() > MaxPathDepth || !visited.Add((item.Node, string.Join('/', item.Path))))
            {
                continue;
            }

            Step(item, queue, carriers, sinks);
        }

        return new FlowTrace(carriers, sinks);
    }

    private void Step(Item item, Queue<Item> queue, List<Node> carriers, List<SinkHit> sinks)
    {
        var node = item.Node;
        var path = item.Path;
        var parent = JavaScriptProgram.Parent(node);
        void Next(Node next, ImmutableStack<string>? nextPath = null, ImmutableStack<CallExpression>? calls = null) =>
            queue.Enqueue(new Item(next, nextPath ?? path, calls ?? item.Calls));

        switch (parent)
        {
            case null:
                return;
            case ParenthesizedExpression or ChainExpression or AwaitExpression or LogicalExpression:
                Next(parent);
                return;
            case ConditionalExpression conditional when !ReferenceEquals(conditional.Test, node):
                Next(parent);
                return;
            case SequenceExpression sequence when ReferenceEquals(sequence.Expressions[^1], node):
                Next(parent);
                return;
            case BinaryExpression { Operator: Acornima.Operator.Addition } concatenation:
                // Straight to the top of a + chain (200,000 terms happen): one step, and a carrier if any term is text.
                var (top, hasText) = TopConcatenation(concatenation);
                if (hasText)
                {
                    carriers.Add(top);
                }

                Next(top);
                return;
            case TemplateLiteral template:
                if (template.Quasis.Any(q => (q.Value.Cooked ?? "").Any(char.IsLetter)))
                {
                    carriers.Add(template);
                }

                Next(parent);
                return;
            case ArrayExpression array:
                Next(parent, path.Push(ElementKey(array, node)));
                return;
            case SpreadElement:
                Next(parent);
                return;
            case Property property when ReferenceEquals(property.Value, node) && JavaScriptProgram.Parent(property) is ObjectExpression obj:
                var key = PropertyName(property);
                if (key is not null && ClassifyProperty(key, obj, property) is { } sink)
                {
                    sinks.Add(sink);
                }

                Next(obj, path.Push(key ?? AnyElement));
                return;
            case ReturnStatement:
                ReturnFrom(_program.FunctionOf(parent), item, queue);
                return;
            case YieldExpression when !ReferenceEquals(node, parent):
                // A generator's yields come out as the elements of what iterates it.
                ReturnFrom(_program.FunctionOf(parent), item with { Path = path.Push(AnyElement) }, queue);
                return;
            case ArrowFunctionExpression arrow when ReferenceEquals(arrow.Body, node):
                ReturnFrom(arrow, item, queue);
                return;
            case VariableDeclarator declarator when ReferenceEquals(declarator.Init, node):
                Bind(declarator.Id, path, item.Calls, queue);
                return;
            case AssignmentExpression assignment when ReferenceEquals(assignment.Right, node):
                if (assignment.Left is MemberExpression target && PropertyNameOf(target) is { } assignedKey)
                {
                    Next(target.Object, path.Push(assignedKey));
                    if (target.Object is Identifier owner)
                    {
                        foreach (var use in Uses(owner))
                        {
                            Next(use, path.Push(assignedKey));
                        }
                    }
                }
                else
                {
                    Bind(assignment.Left, path, item.Calls, queue);
                }

                Next(parent);
                return;
            case MemberExpression member when ReferenceEquals(member.Object, node):
                Member(member, item, queue, sinks);
                return;
            case CallExpression call when !ReferenceEquals(call.Callee, node):
                Argument(call, ValueIndex(call.Arguments, node), item, queue, sinks);
                return;
            case NewExpression created:
                if (CalleeName(created.Callee) is "Request" or "URL" or "Blob")
                {
                    sinks.Add(new SinkHit(SinkKind.Network, created, "argument of new " + CalleeName(created.Callee)));
                }

                Next(parent);
                return;
        }
    }

    /// <summary>"[2]" for the third element; "[]" once a spread makes positions unknown.</summary>
    private static string ElementKey(ArrayExpression array, Node element)
    {
        for (var i = 0; i < array.Elements.Count; i++)
        {
            if (array.Elements[i] is SpreadElement)
            {
                return AnyElement;
            }

            if (ReferenceEquals(array.Elements[i], element))
            {
                return $"[{i}]";
            }
        }

        return AnyElement;
    }

    private static (Node Top, bool HasText) TopConcatenation(BinaryExpression concatenation)
    {
        static bool IsText(Node operand) => operand is StringLiteral { Value: var text } && text.Any(char.IsLetter);

        var hasText = IsText(concatenation.Left) || IsText(concatenation.Right);
        Node top = concatenation;
        while (JavaScriptProgram.Parent(top) is BinaryExpression { Operator: Acornima.Operator.Addition } outer)
        {
            hasText |= IsText(ReferenceEquals(outer.Left, top) ? outer.Right : outer.Left);
            top = outer;
        }

        return (top, hasText);
    }

    private static bool IsIndex(string? key) => key is { Length: > 2 } && key[0] == '[' && key[^1] == ']';

    private static int ValueIndex(in NodeList<Expression> arguments, Node node) => ValueEvaluator.IndexOf(arguments, node);

    private static string? PropertyName(Property property) => property.Key switch
    {
        Identifier id when !property.Computed => id.Name,
        StringLiteral s => s.Value,
        _ => null,
    };

    private static string? PropertyNameOf(MemberExpression member) => member.Computed
        ? (member.Property as StringLiteral)?.Value
        : (member.Property as Identifier)?.Name;

    private static SinkHit? ClassifyProperty(string key, ObjectExpression obj, Property property)
    {
        if (SystemKeys.Contains(key))
        {
            return new SinkHit(SinkKind.LlmSystemPrompt, property, $"`{key}` field of an LLM request");
        }

        var role = obj.Properties.OfType<Property>().FirstOrDefault(p => PropertyName(p) is "role" or "type" && p.Value is StringLiteral)?.Value as StringLiteral;
        if (key is "content" or "text" or "parts" && role is not null)
        {
            return role.Value switch
            {
                "user" or "human" => new SinkHit(SinkKind.LlmUserMessage, property, $"`{key}` of a user message (role \"{role.Value}\")"),
                "system" or "developer" => new SinkHit(SinkKind.LlmSystemPrompt, property, $"`{key}` of a {role.Value} message"),
                _ => null,
            };
        }

        if (MessageKeys.Contains(key) && key != "prompt")
        {
            return new SinkHit(SinkKind.LlmUserMessage, property, $"`{key}` of an LLM request");
        }

        if (key == "headers")
        {
            return new SinkHit(SinkKind.HttpHeader, property, "HTTP request headers");
        }

        return key == "body" ? new SinkHit(SinkKind.Network, property, "body of a request") : null;
    }

    private void ReturnFrom(Node function, Item item, Queue<Item> queue)
    {
        if (!item.Calls.IsEmpty)
        {
            var call = item.Calls.Peek();
            var elementOfResult = call.Callee is MemberExpression { Property: Identifier { Name: "map" or "flatMap" } } && call.Arguments.Count > 0 && ReferenceEquals(call.Arguments[0], function);
            queue.Enqueue(new Item(call, elementOfResult ? item.Path.Push(AnyElement) : item.Path, item.Calls.Pop()));
            return;
        }

        foreach (var call in _evaluator.CallSites(function).Take(MaxCallSites))
        {
            queue.Enqueue(item with { Node = call });
        }

        switch (JavaScriptProgram.Parent(function))
        {
            case CallExpression { Callee: MemberExpression { Property: Identifier method } } call when CallbackMethods.Contains(method.Name):
                queue.Enqueue(item with { Node = call, Path = method.Name == "then" ? item.Path : item.Path.Push(AnyElement) });
                break;
            case CallExpression wrapper when !ReferenceEquals(wrapper.Callee, function):
                // memoize(fn), once(fn): calls of what the wrapper returns give what fn returns.
                if (JavaScriptProgram.Parent(wrapper) switch
                    {
                        VariableDeclarator { Id: Identifier id } => id,
                        AssignmentExpression { Left: Identifier id } => id,
                        _ => null,
                    } is { } bound)
                {
                    foreach (var use in Uses(bound))
                    {
                        if (JavaScriptProgram.Parent(use) is CallExpression invoked && ReferenceEquals(invoked.Callee, use))
                        {
                            queue.Enqueue(item with { Node = invoked });
                        }
                    }
                }

                break;
        }
    }

    private void Bind(Node target, ImmutableStack<string> path, ImmutableStack<CallExpression> calls, Queue<Item> queue)
    {
        switch (target)
        {
            case Identifier id:
                foreach (var use in Uses(id))
                {
                    queue.Enqueue(new Item(use, path, calls));
                }

                break;
            case AssignmentPattern assignmentPattern:
                Bind(assignmentPattern.Left, path, calls, queue);
                break;
            case RestElement rest:
                Bind(rest.Argument, path, calls, queue);
                break;
            case ObjectPattern pattern:
                foreach (var property in pattern.Properties)
                {
                    if (property is RestElement rest)
                    {
                        Bind(rest.Argument, path, calls, queue);
                    }
                    else if (property is Property p && !path.IsEmpty && (PropertyName(p) == path.Peek() || path.Peek() == AnyElement))
                    {
                        Bind(p.Value, path.Pop(), calls, queue);
                    }
                }

                break;
            case ArrayPattern array:
                var head = path.IsEmpty ? null : path.Peek();
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    if (array.Elements[i] is not { } element)
                    {
                        continue;
                    }

                    // [a, b] = [x, carrier]: only b receives it; a rest element takes whatever is left.
                    if (head == AnyElement || element is RestElement && IsIndex(head))
                    {
                        Bind(element, element is RestElement ? path : path.Pop(), calls, queue);
                    }
                    else if (IsIndex(head))
                    {
                        if (head == $"[{i}]")
                        {
                            Bind(element, path.Pop(), calls, queue);
                        }
                    }
                    else
                    {
                        Bind(element, path, calls, queue);
                    }
                }

                break;
        }
    }

    /// <summary>References to the binding <paramref name="id"/> declares, other than its definitions.</summary>
    private IEnumerable<Identifier> Uses(Identifier id)
    {
        var scope = _program.ScopeOf(id);
        var count = 0;
        foreach (var reference in _program.References(scope, id.Name))
        {
            if (ReferenceEquals(reference, id) || IsDefinition(reference))
            {
                continue;
            }

            if (++count > 200)
            {
                yield break;
            }

            yield return reference;
        }
    }

    private static bool IsDefinition(Identifier reference) => JavaScriptProgram.Parent(reference) switch
    {
        VariableDeclarator d => ReferenceEquals(d.Id, reference),
        AssignmentExpression a => ReferenceEquals(a.Left, reference),
        FunctionDeclaration f => ReferenceEquals(f.Id, reference),
        IFunction => true,
        ObjectPattern or ArrayPattern or RestElement or AssignmentPattern => true,
        Property p => JavaScriptProgram.Parent(p) is ObjectPattern,
        _ => false,
    };

    private void Member(MemberExpression member, Item item, Queue<Item> queue, List<SinkHit> sinks)
    {
        var name = PropertyNameOf(member);
        if (JavaScriptProgram.Parent(member) is CallExpression call && ReferenceEquals(call.Callee, member) && name is not null)
        {
            if (NetworkCalls.Contains(name) && name is "write" or "end" or "send" or "post" or "put" or "patch" or "request")
            {
                sinks.Add(new SinkHit(SinkKind.Network, call, $"`.{name}(…)` on a request"));
            }

            if (CallbackMethods.Contains(name) && call.Arguments.Count > 0 && call.Arguments[0] is IFunction callback && callback.Params.Count > 0)
            {
                var element = !item.Path.IsEmpty && (item.Path.Peek() == AnyElement || IsIndex(item.Path.Peek())) ? item.Path.Pop() : ElementPath(item.Path);
                // The callback's return comes back to this call (as an element for map), not to the caller we came from.
                Bind(callback.Params[0], name == "then" ? item.Path : element, item.Calls.Push(call), queue);
                if (name is not ("filter" or "find"))
                {
                    return;
                }
            }

            var nextPath = name switch
            {
                "entries" or "values" => ElementPath(item.Path),
                "join" or "toString" when !item.Path.IsEmpty && (item.Path.Peek() == AnyElement || IsIndex(item.Path.Peek())) => item.Path.Pop(),
                _ => item.Path,
            };
            queue.Enqueue(item with { Node = call, Path = nextPath });
            return;
        }

        if (item.Path.IsEmpty || name is null)
        {
            return;
        }

        var head = item.Path.Peek();
        if (head == name || head == AnyElement && int.TryParse(name, out _) || head == $"[{name}]")
        {
            queue.Enqueue(item with { Node = member, Path = item.Path.Pop() });
        }
    }

    /// <summary><c>Object.entries(obj)</c> turns "property p" into "some element's element".</summary>
    private static ImmutableStack<string> ElementPath(ImmutableStack<string> path) => path.IsEmpty ? path : path.Pop().Push(AnyElement).Push(AnyElement);

    private void Argument(CallExpression call, int index, Item item, Queue<Item> queue, List<SinkHit> sinks)
    {
        if (index < 0)
        {
            return;
        }

        var callee = call.Callee is ChainExpression chain ? chain.Expression : call.Callee;
        var name = CalleeName(callee);
        var owner = callee is MemberExpression { Object: var o } ? CalleeName(o) : null;
        if (name is not null)
        {
            if (FileCalls.Contains(name))
            {
                sinks.Add(new SinkHit(SinkKind.File, call, $"written by `{name}(…)`"));
                return;
            }

            if (owner == "console" && ConsoleCalls.Contains(name) || owner is "stdout" or "stderr" && name == "write")
            {
                sinks.Add(new SinkHit(SinkKind.Console, call, $"printed by `{owner}.{name}(…)`"));
                return;
            }

            if (NetworkCalls.Contains(name) && owner is not "console")
            {
                sinks.Add(new SinkHit(SinkKind.Network, call, $"argument of `{(owner is null ? "" : owner + ".")}{name}(…)`"));
            }

            if (name is "setHeader" or "setRequestHeader" or "header" || name is "set" or "append" && owner is not null && owner.Contains("eader", StringComparison.OrdinalIgnoreCase))
            {
                sinks.Add(new SinkHit(SinkKind.HttpHeader, call, $"header set by `{name}(…)`"));
            }

            if (owner is not null && PassThroughGlobals.Contains(owner))
            {
                queue.Enqueue(item with { Node = call, Path = name is "entries" or "values" ? ElementPath(item.Path) : item.Path });
                return;
            }
        }

        var functions = item.Calls.Count() < MaxCallDepth ? _evaluator.EvaluateRoot(callee, 5_000).Functions : default;
        if (functions.IsDefault || functions.IsEmpty)
        {
            // Unknown code: assume the result carries what went in.
            queue.Enqueue(item with { Node = call });
            return;
        }

        foreach (var function in functions.Take(3))
        {
            var parameters = ((IFunction)function).Params;
            if (index < parameters.Count)
            {
                Bind(parameters[index], item.Path, item.Calls.Push(call), queue);
            }
        }
    }

    private static string? CalleeName(Node callee) => callee switch
    {
        Identifier id => id.Name,
        MemberExpression { Computed: false, Property: Identifier p } => p.Name,
        MemberExpression { Property: StringLiteral s } => s.Value,
        _ => null,
    };
}

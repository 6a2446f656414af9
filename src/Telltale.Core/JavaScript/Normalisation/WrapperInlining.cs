using System.Text;
using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Inlines the one-line functions obfuscators put between a value and its use: wrapper functions called with
/// constants (<c>function w(a,b){return d(a-0x247,b)}</c> at <c>w(0x428,0x45a)</c>) and the members of proxy objects
/// (<c>o.f(a,b)</c> standing for <c>a===b</c>, <c>o.g(fetch,url)</c> for a call, <c>o.k</c> for a string).
/// The body is copied with every parameter replaced by its argument in parentheses; a body that names anything but
/// its parameters and bindings that mean the same at the call stays where it is, since the name could mean something else at the call.
/// </summary>
internal static class WrapperInlining
{
    private const int MaxBodyLength = 2_000;

    /// <summary>Calls of one-line wrapper functions with constant arguments.</summary>
    public static void CollectWrapperCalls(JavaScriptProgram program, SourceEdits edits)
    {
        foreach (var call in program.Signals.ConstantArgumentCalls)
        {
            var callee = (Identifier)call.Callee;
            if (ResolveFunction(program, callee) is not { } function || !IsOneLine(program, function, out var body))
            {
                continue;
            }

            if (Substitute(program, function, body, call.Arguments, call) is { } inlined)
            {
                edits.TryAdd(call.Start, call.End, inlined);
            }
        }
    }

    /// <summary>Members of proxy objects, read or called: a shape only obfuscation produces.</summary>
    public static void CollectProxyObjects(JavaScriptProgram program, SourceEdits edits)
    {
        foreach (var declarator in program.Signals.ProxyObjects)
        {
            var members = Members((ObjectExpression)declarator.Init!);
            if (declarator.Id is not Identifier name || members is null || Uses(program, name, members) is not { } uses)
            {
                continue;
            }

            foreach (var use in uses)
            {
                var value = members[MemberName(use)!];
                if (value is FunctionExpression function && IsOneLine(program, function, out var body))
                {
                    if (JavaScriptProgram.Parent(use) is CallExpression call && ReferenceEquals(call.Callee, use)
                        && Substitute(program, function, body, call.Arguments, call) is { } inlined)
                    {
                        edits.TryAdd(call.Start, call.End, inlined);
                    }
                }
                else if (value is Literal)
                {
                    edits.TryAdd(use.Start, use.End, program.Text(value));
                }
            }
        }
    }

    /// <summary>
    /// The member reads of a proxy object, through aliases (<c>var a = o</c>); members assigned beside its declaration
    /// (<c>o.k = function…</c>, as obfuscators build them key by key) are added to <paramref name="members"/>. Null when
    /// the object is used any other way: written to later, passed on or reassigned, it may not hold what its code says.
    /// </summary>
    private static List<MemberExpression>? Uses(JavaScriptProgram program, Identifier name, Dictionary<string, Node> members)
    {
        var uses = new List<MemberExpression>();
        var pending = new Queue<Identifier>();
        pending.Enqueue(name);
        var declaringBlock = JavaScriptProgram.Parent(name) is { } declarator && JavaScriptProgram.Parent(declarator) is { } declaration ? JavaScriptProgram.Parent(declaration) : null;
        for (var aliases = 0; pending.Count > 0 && aliases < 8; aliases++)
        {
            var binding = pending.Dequeue();
            foreach (var reference in program.References(program.ScopeOf(binding), binding.Name))
            {
                if (ReferenceEquals(reference, binding))
                {
                    continue;
                }

                var parent = JavaScriptProgram.Parent(reference);
                if (parent is VariableDeclarator { Id: Identifier alias } aliasDeclarator && ReferenceEquals(aliasDeclarator.Init, reference))
                {
                    pending.Enqueue(alias);
                }
                else if (parent is MemberExpression member && ReferenceEquals(member.Object, reference) && MemberName(member) is { } key)
                {
                    if (!IsWritten(member))
                    {
                        uses.Add(member);
                    }
                    else if (ReferenceEquals(binding, name) && IsMemberDefinition(member, declaringBlock, out var value) && members.TryAdd(key, value))
                    {
                        continue;
                    }
                    else
                    {
                        return null;
                    }
                }
                else
                {
                    return null;
                }
            }
        }

        return uses.Where(use => members.ContainsKey(MemberName(use)!)).ToList() is { Count: > 0 } found && found.Count == uses.Count ? found : null;
    }

    /// <summary><c>o.k = value</c> as a statement (or part of a sequence statement) of the block that declares <c>o</c>.</summary>
    private static bool IsMemberDefinition(MemberExpression member, Node? declaringBlock, out Node value)
    {
        value = null!;
        if (JavaScriptProgram.Parent(member) is not AssignmentExpression { Operator: Acornima.Operator.Assignment } assignment
            || assignment.Right is not (Literal or FunctionExpression))
        {
            return false;
        }

        var statement = JavaScriptProgram.Parent(assignment);
        if (statement is SequenceExpression)
        {
            statement = JavaScriptProgram.Parent(statement);
        }

        value = assignment.Right;
        return statement is ExpressionStatement && ReferenceEquals(JavaScriptProgram.Parent(statement), declaringBlock);
    }

    private static Dictionary<string, Node>? Members(ObjectExpression literal)
    {
        var members = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var property in literal.Properties)
        {
            if (property is not Property { Kind: PropertyKind.Init, Computed: false, Method: false, Shorthand: false } plain
                || KeyName(plain.Key) is not { } key
                || plain.Value is not (Literal or FunctionExpression))
            {
                return null;
            }

            members[key] = plain.Value;
        }

        return members;
    }

    private static string? KeyName(Node key) => key switch
    {
        Identifier id => id.Name,
        StringLiteral text => text.Value,
        _ => null,
    };

    private static string? MemberName(MemberExpression member) => member switch
    {
        { Computed: false, Property: Identifier id } => id.Name,
        { Computed: true, Property: StringLiteral text } => text.Value,
        _ => null,
    };

    private static bool IsWritten(MemberExpression member) => JavaScriptProgram.Parent(member) switch
    {
        AssignmentExpression assignment => ReferenceEquals(assignment.Left, member),
        UpdateExpression => true,
        UnaryExpression { Operator: Acornima.Operator.Delete } => true,
        _ => false,
    };

    /// <summary>The function a callee names through declarations and aliases (<c>var w = d</c>), when it has exactly one definition.</summary>
    internal static IFunction? ResolveFunction(JavaScriptProgram program, Identifier callee)
    {
        Node current = callee;
        for (var hops = 0; hops < 8 && current is Identifier id; hops++)
        {
            var scope = program.ScopeOf(id);
            if (scope is null)
            {
                return null;
            }

            var definitions = program.Definitions(scope, id.Name).Take(3).ToList();
            // A table function may reassign itself to a closure over its table (`f = function(){return t}`): the declaration still describes the calls.
            var declared = definitions.OfType<FunctionDeclaration>().ToList();
            current = declared.Count == 1 ? declared[0] : definitions.Count == 1 ? definitions[0] : callee;
            if (current is IFunction function)
            {
                return function;
            }

            if (ReferenceEquals(current, callee))
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsOneLine(JavaScriptProgram program, IFunction function, out Expression body)
    {
        body = null!;
        if (function.Body is not FunctionBody { Body: [ReturnStatement { Argument: { } argument }] } || function.Params.Any(p => p is not Identifier)
            || argument.End - argument.Start > MaxBodyLength)
        {
            return false;
        }

        if (!IsForwarding(program, argument, 0))
        {
            return false;
        }

        body = argument;
        return true;
    }

    /// <summary>
    /// What an obfuscator's wrapper does: pass its parameters on to a call (<c>d(a - 0x247, b)</c> where <c>d</c> is the program's, <c>f(x)</c> where <c>f</c> is a parameter) or apply
    /// one operator to them (<c>a === b</c>). A body that calls a method or a host function (<c>atob(s).split(",")</c>) is
    /// real code: inlining it would only hide from the decoder folding the function it has to run.
    /// </summary>
    private static bool IsForwarding(JavaScriptProgram program, Node node, int depth) => depth < 8 && node switch
    {
        Literal => true,
        Identifier { Name: not "arguments" } => true,
        UnaryExpression unary => unary.Operator != Acornima.Operator.Delete && IsForwarding(program, unary.Argument, depth + 1),
        BinaryExpression binary => IsForwarding(program, binary.Left, depth + 1) && IsForwarding(program, binary.Right, depth + 1),
        CallExpression { Callee: Identifier callee } call => program.ScopeOf(callee) is not null && call.Arguments.All(argument => IsForwarding(program, argument, depth + 1)),
        _ => false,
    };

    /// <summary>The body with each parameter replaced by its argument; null when the body names something that could mean otherwise at the call.</summary>
    private static string? Substitute(JavaScriptProgram program, IFunction function, Expression body, Acornima.Ast.NodeList<Expression> arguments, Node site)
    {
        if (arguments.Any(a => a is SpreadElement))
        {
            return null;
        }

        var parameters = function.Params.Cast<Identifier>().Select(p => p.Name).ToList();
        var replacements = new List<(int Start, int End, string Text)>();
        foreach (var id in AstWalk.Descendants(body).OfType<Identifier>())
        {
            if (!program.IsReferenceNode(id))
            {
                continue;
            }

            var index = parameters.LastIndexOf(id.Name);
            if (index >= 0)
            {
                replacements.Add((id.Start, id.End, index < arguments.Count ? Operand(program, arguments[index]) : "undefined"));
            }
            else if (!ReferenceEquals(program.ScopeOf(id), program.DeclaringScope(site, id.Name)))
            {
                return null;
            }
        }

        var atomic = IsAtomic(body);
        var builder = new StringBuilder(atomic ? "" : "(");
        var copied = body.Start;
        foreach (var (start, end, text) in replacements.OrderBy(r => r.Start))
        {
            builder.Append(program.Source, copied, start - copied).Append(text);
            copied = end;
        }

        return builder.Append(program.Source, copied, body.End - copied).Append(atomic ? "" : ")").ToString();
    }

    /// <summary>An argument as it can stand in for a parameter anywhere: parenthesised unless it is one operand already.</summary>
    private static string Operand(JavaScriptProgram program, Node argument) =>
        IsAtomic(argument) ? program.Text(argument) : "(" + program.Text(argument) + ")";

    // Not an object literal: at the start of a statement it would read as a block.
    private static bool IsAtomic(Node node) => node is Literal or Identifier or CallExpression or MemberExpression or ArrayExpression or ThisExpression;
}

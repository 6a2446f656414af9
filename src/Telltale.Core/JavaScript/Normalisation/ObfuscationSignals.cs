using Acornima;
using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Nodes that normalisation may rewrite, noted during the one indexing walk: operators on literals, members named
/// by a string, calls whose arguments are all literals, dispatch switches, objects of one-line functions, tests of
/// constants. A minified but honest bundle has almost none of them, so normalisation adds next to nothing there.
/// </summary>
internal sealed class ObfuscationSignals
{
    public List<Node> ConstantOperations { get; } = [];

    public List<MemberExpression> StringMembers { get; } = [];

    /// <summary>Object keys, methods and class fields named by a string in brackets: <c>{ ["verb"]() {…} }</c>.</summary>
    public List<Node> StringKeys { get; } = [];

    /// <summary>Calls of a named function whose arguments are all literals, one a number: how a string table is read.</summary>
    public List<CallExpression> ConstantArgumentCalls { get; } = [];

    /// <summary><c>const a = b</c>: obfuscators alias their string table in every function, used or not.</summary>
    public List<VariableDeclarator> Aliases { get; } = [];

    public List<SwitchStatement> DispatchSwitches { get; } = [];

    public List<VariableDeclarator> ProxyObjects { get; } = [];

    public List<Node> ConstantTests { get; } = [];

    /// <summary>
    /// <c>{ exports: {} }</c>: the module object a bundle's runtime hands each bundled module. Not a sign of
    /// obfuscation (it does not start a normalisation round); <see cref="Linking.BundledModules"/> reads the runtime from it.
    /// </summary>
    public List<ObjectExpression> ModuleObjects { get; } = [];

    public bool Any => ConstantOperations.Count + StringMembers.Count + StringKeys.Count + Aliases.Count + ConstantArgumentCalls.Count + DispatchSwitches.Count + ProxyObjects.Count + ConstantTests.Count > 0;

    /// <summary>Adds what a later part of the same program holds, after what this one holds.</summary>
    public void Append(ObfuscationSignals later)
    {
        ConstantOperations.AddRange(later.ConstantOperations);
        StringMembers.AddRange(later.StringMembers);
        StringKeys.AddRange(later.StringKeys);
        ConstantArgumentCalls.AddRange(later.ConstantArgumentCalls);
        Aliases.AddRange(later.Aliases);
        DispatchSwitches.AddRange(later.DispatchSwitches);
        ProxyObjects.AddRange(later.ProxyObjects);
        ConstantTests.AddRange(later.ConstantTests);
        ModuleObjects.AddRange(later.ModuleObjects);
    }

    public void Visit(Node node)
    {
        switch (node)
        {
            case BinaryExpression { Left: var left, Right: var right } when IsLiteralLike(left) && IsLiteralLike(right):
                ConstantOperations.Add(node);
                break;
            case UnaryExpression { Operator: Operator.LogicalNot, Argument: ArrayExpression { Elements.Count: 0 } or UnaryExpression { Operator: Operator.LogicalNot } }:
                ConstantOperations.Add(node);
                break;
            case MemberExpression { Computed: true, Property: StringLiteral } member:
                StringMembers.Add(member);
                break;
            case Property { Computed: true, Key: StringLiteral }:
            case MethodDefinition { Computed: true, Key: StringLiteral }:
            case PropertyDefinition { Computed: true, Key: StringLiteral }:
                StringKeys.Add(node);
                break;
            case CallExpression { Callee: Identifier, Arguments.Count: > 0 } call when call.Arguments.Any(IsNumberLike) && call.Arguments.All(IsLiteralLike):
                ConstantArgumentCalls.Add(call);
                break;
            case SwitchStatement { Discriminant: MemberExpression { Computed: true, Property: UpdateExpression } } dispatch:
                DispatchSwitches.Add(dispatch);
                break;
            case VariableDeclarator { Id: Identifier, Init: Identifier } alias:
                Aliases.Add(alias);
                break;
            case VariableDeclarator { Init: ObjectExpression obj } declarator when obj.Properties.Count == 0 || obj.Properties.Any(IsOneLineFunctionProperty):
                ProxyObjects.Add(declarator);
                break;
            case ObjectExpression obj when obj.Properties.Any(IsEmptyExports):
                ModuleObjects.Add(obj);
                break;
            case IfStatement { Test: var test } when IsLiteralLike(test):
                ConstantTests.Add(node);
                break;
            case ConditionalExpression { Test: var test } when IsLiteralLike(test):
                ConstantTests.Add(node);
                break;
        }
    }

    private static bool IsEmptyExports(Node property) =>
        property is Property { Computed: false, Value: ObjectExpression { Properties.Count: 0 } } p && p.Key is Identifier { Name: "exports" } or StringLiteral { Value: "exports" };

    private static bool IsLiteralLike(Node node) => node switch
    {
        Literal => true,
        UnaryExpression { Argument: Literal or ArrayExpression { Elements.Count: 0 } or UnaryExpression } => true,
        BinaryExpression => true,
        _ => false,
    };

    /// <summary>A table is read by index: a lookup passes a number, however it is spelled (wrappers shuffle it among string keys).</summary>
    private static bool IsNumberLike(Node node) => node switch
    {
        NumericLiteral => true,
        UnaryExpression { Argument: var argument } => IsNumberLike(argument),
        BinaryExpression { Left: var left, Right: var right } => IsNumberLike(left) || IsNumberLike(right),
        _ => false,
    };

    internal static bool IsOneLineFunctionProperty(Node property) =>
        property is Property { Value: FunctionExpression { Body.Body: [ReturnStatement { Argument: not null }] } };
}

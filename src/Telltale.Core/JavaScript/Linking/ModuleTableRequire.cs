using System.Globalization;
using Acornima.Ast;

namespace Telltale.JavaScript.Linking;

/// <summary>
/// A bundle's require function read by what it does: a function of one id that makes a <c>{ exports: {} }</c>
/// module object, calls <c>table[id]</c> (or <c>table[id].call(…)</c>) with the module object, its exports and
/// itself in some order, and so runs one module of a table of module functions. Which argument is which is read off
/// that call, not assumed.
/// </summary>
internal sealed class ModuleTableRequire
{
    private ModuleTableRequire(Expression table, Dictionary<string, IFunction> modules, List<CallExpression> calls, int moduleIndex, int exportsIndex, int requireIndex)
    {
        Table = table;
        Modules = modules;
        Calls = calls;
        ModuleIndex = moduleIndex;
        ExportsIndex = exportsIndex;
        RequireIndex = requireIndex;
    }

    /// <summary>The object or array literal of module functions.</summary>
    public Expression Table { get; }

    /// <summary>The module functions by id (a property's key, or an element's index).</summary>
    public Dictionary<string, IFunction> Modules { get; }

    /// <summary>Calls of the require function itself outside the modules (the entry's).</summary>
    public List<CallExpression> Calls { get; }

    /// <summary>Which parameter of a module function receives the module object, its exports and require; -1 when none does.</summary>
    public int ModuleIndex { get; }

    public int ExportsIndex { get; }

    public int RequireIndex { get; }

    public static ModuleTableRequire? TryRead(JavaScriptProgram program, IFunction function, ObjectExpression moduleObject)
    {
        if (function.Params is not [Identifier id] || ModuleBinding(moduleObject) is not { } module)
        {
            return null;
        }

        var self = JavaScriptProgram.NameOf((Node)function);
        foreach (var call in AstWalk.Descendants((Node)function).OfType<CallExpression>())
        {
            var (lookup, firstParameterArgument) = call.Callee switch
            {
                MemberExpression { Computed: true } direct => (direct, 0),
                MemberExpression { Computed: false, Property: Identifier { Name: "call" }, Object: MemberExpression { Computed: true } viaCall } => (viaCall, 1),
                _ => (null, 0),
            };
            if (lookup is not { Object: Identifier tableName, Property: Identifier key } || key.Name != id.Name)
            {
                continue;
            }

            int moduleIndex = -1, exportsIndex = -1, requireIndex = -1;
            for (var i = firstParameterArgument; i < call.Arguments.Count; i++)
            {
                switch (call.Arguments[i])
                {
                    case Identifier argument when argument.Name == module:
                        moduleIndex = i - firstParameterArgument;
                        break;
                    case MemberExpression { Computed: false, Object: Identifier owner, Property: Identifier { Name: "exports" } } when owner.Name == module:
                        exportsIndex = i - firstParameterArgument;
                        break;
                    case Identifier argument when argument.Name == self:
                        requireIndex = i - firstParameterArgument;
                        break;
                }
            }

            if (moduleIndex < 0 && exportsIndex < 0 || TableLiteral(program, tableName) is not { } table)
            {
                continue;
            }

            var modules = ModuleFunctions(table);
            if (modules.Count == 0)
            {
                continue;
            }

            return new ModuleTableRequire(table, modules, CallsOf(program, function, self), moduleIndex, exportsIndex, requireIndex);
        }

        return null;
    }

    /// <summary>The id a require call or a table key names, as text; null for anything but a literal.</summary>
    public static string? KeyOf(Node key) => key switch
    {
        NumericLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        StringLiteral s => s.Value,
        Identifier i => i.Name,
        _ => null,
    };

    /// <summary>The variable the module object is kept in: <c>const m = cache[id] = { exports: {} }</c>.</summary>
    private static string? ModuleBinding(ObjectExpression moduleObject)
    {
        Node current = moduleObject;
        for (var hops = 0; hops < 4; hops++)
        {
            switch (JavaScriptProgram.Parent(current))
            {
                case VariableDeclarator { Id: Identifier name }:
                    return name.Name;
                case AssignmentExpression { Left: Identifier name }:
                    return name.Name;
                case AssignmentExpression assignment:
                    current = assignment;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The literal a table name stands for: a variable's initial value (<c>var t = {…}</c>), or the argument a
    /// bootstrap function was called with when the table is its parameter (<c>(function (t) {…})({…})</c>).
    /// </summary>
    private static Expression? TableLiteral(JavaScriptProgram program, Identifier tableName)
    {
        var scope = program.ScopeOf(tableName);
        foreach (var definition in program.Definitions(scope, tableName.Name).Take(4))
        {
            if (Unwrap(definition) is ObjectExpression or ArrayExpression)
            {
                return Unwrap((Expression)definition);
            }
        }

        if (scope is IFunction bootstrap && bootstrap.Params.Select((p, i) => (p, i)).FirstOrDefault(x => x.p is Identifier { } name && name.Name == tableName.Name) is { p: not null } parameter
            && JavaScriptProgram.Parent(scope) is CallExpression call && ReferenceEquals(call.Callee, scope) && parameter.i < call.Arguments.Count
            && Unwrap(call.Arguments[parameter.i]) is ObjectExpression or ArrayExpression)
        {
            return Unwrap((Expression)call.Arguments[parameter.i]);
        }

        return null;
    }

    /// <summary><c>t = {…}</c> as the initial value of another name (<c>var e = t = {…}</c>) is still the literal.</summary>
    private static Expression? Unwrap(Node node) => node switch
    {
        AssignmentExpression { Right: var right } => Unwrap(right),
        Expression expression => expression,
        _ => null,
    };

    private static Dictionary<string, IFunction> ModuleFunctions(Expression table)
    {
        var modules = new Dictionary<string, IFunction>(StringComparer.Ordinal);
        switch (table)
        {
            case ObjectExpression obj:
                foreach (var property in obj.Properties)
                {
                    if (property is Property { Computed: false, Value: FunctionExpression or ArrowFunctionExpression } entry && KeyOf(entry.Key) is { } key)
                    {
                        modules.TryAdd(key, (IFunction)entry.Value);
                    }
                }

                break;
            case ArrayExpression array:
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    if (array.Elements[i] is FunctionExpression or ArrowFunctionExpression)
                    {
                        modules.TryAdd(i.ToString(CultureInfo.InvariantCulture), (IFunction)array.Elements[i]!);
                    }
                }

                break;
        }

        return modules;
    }

    /// <summary>Calls of the require function by its own name, and its immediate call when it is an expression called at once.</summary>
    private static List<CallExpression> CallsOf(JavaScriptProgram program, IFunction function, string? self)
    {
        var calls = new List<CallExpression>();
        if (JavaScriptProgram.Parent((Node)function) is CallExpression immediate && ReferenceEquals(immediate.Callee, function))
        {
            calls.Add(immediate);
        }

        var binding = function switch
        {
            FunctionDeclaration { Id: { } id } => id,
            _ => JavaScriptProgram.Parent((Node)function) switch
            {
                VariableDeclarator { Id: Identifier id } => id,
                _ => null,
            },
        };
        if (binding is not null && self is not null)
        {
            foreach (var reference in program.References(program.ScopeOf(binding), self))
            {
                if (JavaScriptProgram.Parent(reference) is CallExpression call && ReferenceEquals(call.Callee, reference))
                {
                    calls.Add(call);
                }
            }
        }

        return calls;
    }
}

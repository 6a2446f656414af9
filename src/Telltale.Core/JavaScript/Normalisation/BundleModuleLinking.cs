using System.Globalization;
using System.Text;
using System.Text.Json;
using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Puts the module boundaries of a bundle back into plain calls, so a value exported by one bundled module is
/// followed into the module that imports it like any value returned by a function. Bundlers hide the link behind a
/// runtime that fills a <c>{ exports: {} }</c> object through parameters, which no call site names; two runtimes are
/// recognised by what they do, not by their names:
/// <list type="bullet">
/// <item>a CommonJS wrapper factory (esbuild's and Bun's <c>__commonJS</c>): a function that returns a closure
/// which calls the module function it was given with a fresh <c>{ exports: {} }</c> and its <c>exports</c>, and
/// returns <c>exports</c>. Each <c>factory(function (exports, module) {…})</c> becomes an arrow that declares the
/// two objects, runs the body and returns <c>module.exports</c>;</item>
/// <item>a module-table require (webpack's <c>__webpack_require__</c>, browserify-like runtimes): a function of an id
/// that calls <c>table[id]</c> with a fresh <c>{ exports: {} }</c>, its <c>exports</c> and itself, and returns
/// <c>exports</c>. The table gets a name of its own, each module function declares its two objects and returns
/// <c>module.exports</c>, each <c>require(id)</c> becomes <c>table[id]()</c>, and webpack's export getters
/// (<c>r.d(exports, { name: () =&gt; value })</c>) become assignments.</item>
/// </list>
/// The module bodies are not moved or copied, only their first and last characters change, so every location in
/// them maps back one to one.
/// </summary>
internal static class BundleModuleLinking
{
    /// <summary>The name given to a module table; a program that already holds it is not linked again.</summary>
    public const string TableName = "__telltale_modules";

    private const string ExportsName = "__telltale_exports";
    private const string ModuleName = "__telltale_module";

    public static void Collect(JavaScriptProgram program, SourceEdits edits)
    {
        if (program.Signals.ModuleObjects.Count == 0 || program.Source.Contains(TableName, StringComparison.Ordinal))
        {
            return;
        }

        var tables = 0;
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var moduleObject in program.Signals.ModuleObjects)
        {
            if (program.FunctionOf(moduleObject) is not IFunction runtime || !seen.Add((Node)runtime))
            {
                continue;
            }

            if (ModuleTableRequire.TryRead(program, runtime, moduleObject) is { } require)
            {
                LinkTable(program, require, $"{TableName}_{tables.ToString(CultureInfo.InvariantCulture)}", edits);
                tables++;
            }
            else if (CommonJsFactory(program, runtime) is { } factory)
            {
                LinkWrapperCalls(program, factory, edits);
            }
        }

        if (tables > 0)
        {
            // Declared at the end, where a hashbang or a directive prologue cannot be in the way; var is hoisted.
            var declarations = string.Join(",", Enumerable.Range(0, tables).Select(i => $"{TableName}_{i.ToString(CultureInfo.InvariantCulture)}"));
            edits.TryAdd(program.Source.Length, program.Source.Length, $"\n;var {declarations};");
        }
    }

    /// <summary>
    /// The binding of a CommonJS wrapper factory whose returned closure is <paramref name="closure"/>: the closure
    /// calls the factory's first parameter (or a member of it, <c>cb[name]</c>, when the module is an object's one
    /// method) and returns <c>….exports</c>.
    /// </summary>
    private static Identifier? CommonJsFactory(JavaScriptProgram program, IFunction closure)
    {
        if (program.FunctionOf((Node)closure) is not IFunction factory || factory.Params.Count is < 1 or > 3 || factory.Params[0] is not Identifier callback)
        {
            return null;
        }

        var closureNode = (Node)closure;
        var callsCallback = AstWalk.Descendants(closureNode).OfType<CallExpression>().Any(call => call.Callee switch
        {
            Identifier id => id.Name == callback.Name,
            MemberExpression { Object: Identifier id } => id.Name == callback.Name,
            _ => false,
        });
        var returnsExports = AstWalk.Descendants(closureNode).OfType<MemberExpression>()
            .Any(m => !m.Computed && m.Property is Identifier { Name: "exports" });
        if (!callsCallback || !returnsExports || !IsReturned(program, factory, closureNode))
        {
            return null;
        }

        return BindingOf(factory);
    }

    /// <summary>True when <paramref name="function"/> returns <paramref name="value"/> (an arrow's body, or a return statement of its own).</summary>
    private static bool IsReturned(JavaScriptProgram program, IFunction function, Node value)
    {
        if (ReferenceEquals(function.Body, value))
        {
            return true;
        }

        return JavaScriptProgram.Parent(value) is ReturnStatement returned && ReferenceEquals(program.FunctionOf(returned), function);
    }

    /// <summary>The name a function is bound to: its declaration's, or the variable or assignment it initialises.</summary>
    private static Identifier? BindingOf(IFunction function) => function switch
    {
        FunctionDeclaration { Id: { } id } => id,
        _ => JavaScriptProgram.Parent((Node)function) switch
        {
            VariableDeclarator { Id: Identifier id } => id,
            AssignmentExpression { Left: Identifier id } => id,
            _ => null,
        },
    };

    private static void LinkWrapperCalls(JavaScriptProgram program, Identifier factory, SourceEdits edits)
    {
        foreach (var reference in program.References(program.ScopeOf(factory), factory.Name))
        {
            if (JavaScriptProgram.Parent(reference) is not CallExpression { Arguments.Count: 1 } call || !ReferenceEquals(call.Callee, reference))
            {
                continue;
            }

            var module = call.Arguments[0] switch
            {
                FunctionExpression or ArrowFunctionExpression => (IFunction)call.Arguments[0],
                // esbuild's readable output: __commonJS({ "src/a.js"(exports, module) { … } })
                ObjectExpression { Properties: [Property { Value: FunctionExpression method }] } => method,
                _ => null,
            };
            if (module is null || module.Body is not FunctionBody body || !ModuleParameters(module, 0, 1, out var exports, out var moduleObject))
            {
                continue;
            }

            // The call up to the body's brace, and the body's closing brace to the call's end; the body stays.
            edits.TryAdd(call.Start, body.Start + 1, $"(()=>{{var {exports}={{}},{moduleObject}={{exports:{exports}}};");
            edits.TryAdd(body.End - 1, call.End, $"\n;return {moduleObject}.exports}})");
        }
    }

    /// <summary>The names the module function gives its exports and module objects, or fresh ones where it gives none.</summary>
    private static bool ModuleParameters(IFunction module, int exportsIndex, int moduleIndex, out string exports, out string moduleObject)
    {
        exports = ExportsName;
        moduleObject = ModuleName;
        if (module.Params.Any(p => p is not Identifier))
        {
            return false;
        }

        if (exportsIndex >= 0 && exportsIndex < module.Params.Count)
        {
            exports = ((Identifier)module.Params[exportsIndex]).Name;
        }

        if (moduleIndex >= 0 && moduleIndex < module.Params.Count)
        {
            moduleObject = ((Identifier)module.Params[moduleIndex]).Name;
        }

        return exports != moduleObject;
    }

    private static void LinkTable(JavaScriptProgram program, ModuleTableRequire require, string tableName, SourceEdits edits)
    {
        foreach (var module in require.Modules.Values)
        {
            if (module.Body is not FunctionBody body || !ModuleParameters(module, require.ExportsIndex, require.ModuleIndex, out var exports, out var moduleObject))
            {
                continue;
            }

            // The parameters give way to the two objects; the require parameter stays a parameter (its helpers,
            // r.d, r.r, r.n, are read off it), and its calls are rewritten below.
            var requireParameter = require.RequireIndex >= 0 && require.RequireIndex < module.Params.Count ? ((Identifier)module.Params[require.RequireIndex]).Name : "";
            if (module.Params.Count > 0 && !edits.TryAdd(module.Params[0].Start, module.Params[^1].End, requireParameter))
            {
                continue;
            }

            edits.TryAdd(body.Start + 1, body.Start + 1, $"var {exports}={{}},{moduleObject}={{exports:{exports}}};");
            edits.TryAdd(body.End - 1, body.End - 1, $"\n;return {moduleObject}.exports;");
            if (requireParameter.Length > 0)
            {
                var parameter = (Identifier)module.Params[require.RequireIndex];
                foreach (var reference in program.References((Node)module, parameter.Name))
                {
                    if (JavaScriptProgram.Parent(reference) is CallExpression call && ReferenceEquals(call.Callee, reference))
                    {
                        LinkRequireCall(call, require, tableName, edits);
                    }

                    LinkExportGetters(program, reference, exports, edits);
                }
            }
        }

        edits.TryAdd(require.Table.Start, require.Table.Start, tableName + "=");
        foreach (var call in require.Calls)
        {
            LinkRequireCall(call, require, tableName, edits);
        }
    }

    /// <summary><c>require(id)</c> of a module in the table becomes <c>table[id]()</c>, the id written as it was.</summary>
    private static void LinkRequireCall(CallExpression call, ModuleTableRequire require, string tableName, SourceEdits edits)
    {
        if (call.Arguments is [var argument] && ModuleTableRequire.KeyOf(argument) is { } key && require.Modules.ContainsKey(key))
        {
            var index = argument is NumericLiteral ? key : JsonSerializer.Serialize(key);
            edits.TryAdd(call.Start, call.End, $"{tableName}[{index}]()");
        }
    }

    /// <summary>
    /// webpack's <c>r.d(exports, { name: () =&gt; value, … })</c> defines getters; as assignments
    /// (<c>exports.name = value</c>) the analysis reads them like any other export.
    /// </summary>
    private static void LinkExportGetters(JavaScriptProgram program, Identifier requireReference, string exports, SourceEdits edits)
    {
        if (JavaScriptProgram.Parent(requireReference) is not MemberExpression { Computed: false, Property: Identifier { Name: "d" } } helper
            || JavaScriptProgram.Parent(helper) is not CallExpression { Arguments: [Identifier target, ObjectExpression getters] } call
            || !ReferenceEquals(call.Callee, helper) || target.Name != exports)
        {
            return;
        }

        var assignments = new StringBuilder("(");
        foreach (var property in getters.Properties)
        {
            if (property is not Property { Computed: false, Value: ArrowFunctionExpression { Params.Count: 0, Body: Expression value } } getter
                || getter.Key is not (Identifier or StringLiteral))
            {
                return;
            }

            var name = getter.Key is Identifier id ? id.Name : ((StringLiteral)getter.Key).Value;
            assignments.Append(assignments.Length > 1 ? "," : "").Append(exports).Append('[').Append(JsonSerializer.Serialize(name)).Append("]=(").Append(program.Text(value)).Append(')');
        }

        edits.TryAdd(call.Start, call.End, assignments.Append(')').ToString());
    }
}

using Acornima.Ast;

namespace Telltale.JavaScript.Linking;

/// <summary>
/// The module runtimes of a bundle, read by what they do so that a value exported by one bundled module is followed
/// into the module that requires it. Bundlers hide the link behind a runtime that fills a <c>{ exports: {} }</c>
/// object through parameters no call site names; two runtimes are recognised:
/// <list type="bullet">
/// <item>a CommonJS wrapper factory (esbuild's and Bun's <c>__commonJS</c>): a function of a module function that
/// returns a closure which calls it with a fresh module object's exports and the object, and returns
/// <c>exports</c>. <c>var a = factory(function (exports, module) {…})</c> then <c>a()</c> is that module's exports;</item>
/// <item>a module-table require (webpack's <c>__webpack_require__</c>; <see cref="ModuleTableRequire"/>): <c>require(id)</c>,
/// by the require function's name or the parameter a module function receives it in, is module <c>id</c>'s exports.</item>
/// </list>
/// Read once per program, lazily, from the module objects its index noted; nothing is rewritten or parsed again.
/// </summary>
internal sealed class BundledModules
{
    private readonly HashSet<Node> _factories = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, ModuleTableRequire> _requires = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, ModuleTableRequire> _tableModules = new(ReferenceEqualityComparer.Instance);

    private BundledModules()
    {
    }

    public bool IsEmpty => _factories.Count == 0 && _requires.Count == 0;

    public static BundledModules Read(JavaScriptProgram program)
    {
        var modules = new BundledModules();
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var moduleObject in program.Signals.ModuleObjects)
        {
            if (program.FunctionOf(moduleObject) is not IFunction runtime || !seen.Add((Node)runtime))
            {
                continue;
            }

            if (ModuleTableRequire.TryRead(program, runtime, moduleObject) is { } require)
            {
                modules._requires[(Node)runtime] = require;
                foreach (var module in require.Modules.Values)
                {
                    modules._tableModules.TryAdd((Node)module, require);
                }
            }
            else if (CommonJsFactory(program, runtime) is { } factory)
            {
                modules._factories.Add((Node)factory);
            }
        }

        return modules;
    }

    /// <summary>True for a CommonJS wrapper factory.</summary>
    public bool IsFactory(IFunction function) => _factories.Contains((Node)function);

    /// <summary>The table a require function reads.</summary>
    public ModuleTableRequire? RequireOf(IFunction function) => _requires.GetValueOrDefault((Node)function);

    /// <summary>The table require a module function of a table receives as its parameter number <paramref name="index"/>.</summary>
    public ModuleTableRequire? RequireParameter(IFunction module, int index) =>
        _tableModules.TryGetValue((Node)module, out var require) && require.RequireIndex == index ? require : null;

    /// <summary>
    /// The module function a wrapper call hands the factory: a function, or esbuild's readable form, an object
    /// with one method (<c>__commonJS({ "src/a.js"(exports, module) {…} })</c>).
    /// </summary>
    public static IFunction? WrappedModule(Node argument) => argument switch
    {
        FunctionExpression or ArrowFunctionExpression => (IFunction)argument,
        ObjectExpression { Properties: [Property { Value: FunctionExpression method }] } => method,
        _ => null,
    };

    /// <summary>
    /// The factory whose returned closure is <paramref name="closure"/>: the closure calls the factory's first
    /// parameter (or a member of it, for the object form) and reads <c>….exports</c>, and the factory returns it.
    /// </summary>
    private static IFunction? CommonJsFactory(JavaScriptProgram program, IFunction closure)
    {
        var closureNode = (Node)closure;
        if (program.FunctionOf(closureNode) is not IFunction factory || factory.Params.Count is < 1 or > 3 || factory.Params[0] is not Identifier callback)
        {
            return null;
        }

        var callsCallback = AstWalk.Descendants(closureNode).OfType<CallExpression>().Any(call => call.Callee switch
        {
            Identifier id => id.Name == callback.Name,
            MemberExpression { Object: Identifier id } => id.Name == callback.Name,
            _ => false,
        });
        var readsExports = AstWalk.Descendants(closureNode).OfType<MemberExpression>()
            .Any(m => !m.Computed && m.Property is Identifier { Name: "exports" });
        var returnsClosure = ReferenceEquals(factory.Body, closureNode)
            || (JavaScriptProgram.Parent(closureNode) is ReturnStatement returned && ReferenceEquals(program.FunctionOf(returned), factory));
        return callsCallback && readsExports && returnsClosure ? factory : null;
    }
}

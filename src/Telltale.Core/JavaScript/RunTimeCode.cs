using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>
/// Where a program turns a string into code: <c>eval(s)</c>, <c>Function(…, body)</c> and <c>new Function(…)</c>,
/// and Node's <c>vm</c> (<c>runInThisContext</c>, <c>runInNewContext</c>, <c>runInContext</c>, <c>compileFunction</c>,
/// <c>new vm.Script</c>). The string is what the evaluator makes of the argument (a literal, a decoded or folded value);
/// only a single known string is code to analyse.
/// </summary>
internal static class RunTimeCode
{
    /// <summary>Run-time code longer than this is not analysed (it is still harvested as a literal where it is one).</summary>
    private const int MaxCodeLength = 4 * 1024 * 1024;

    private const int MaxSites = 64;

    private static readonly HashSet<string> VmMethods = new(StringComparer.Ordinal) { "runInThisContext", "runInNewContext", "runInContext", "compileFunction" };

    public static IEnumerable<(Node Site, string Code)> Find(JavaScriptProgram program, ValueEvaluator evaluator)
    {
        var source = program.Source;
        if (!source.Contains("eval", StringComparison.Ordinal) && !source.Contains("Function", StringComparison.Ordinal)
            && !source.Contains("runIn", StringComparison.Ordinal) && !source.Contains("Script", StringComparison.Ordinal))
        {
            yield break;
        }

        var found = 0;
        foreach (var node in AstWalk.Descendants(program.Root))
        {
            var (callee, arguments) = node switch
            {
                CallExpression call => (call.Callee, call.Arguments),
                NewExpression created => (created.Callee, created.Arguments),
                _ => (null, default),
            };
            if (callee is null || arguments.Count == 0 || Code(program, callee, arguments, evaluator) is not { } code)
            {
                continue;
            }

            yield return (node, code);
            if (++found >= MaxSites)
            {
                yield break;
            }
        }
    }

    private static string? Code(JavaScriptProgram program, Expression callee, NodeList<Expression> arguments, ValueEvaluator evaluator)
    {
        switch (callee)
        {
            case Identifier { Name: "eval" } id when program.ScopeOf(id) is null:
            case MemberExpression { Computed: false, Property: Identifier { Name: var method } } when VmMethods.Contains(method):
            case MemberExpression { Computed: false, Property: Identifier { Name: "Script" } }:
                return Text(arguments[0], evaluator);
            case Identifier { Name: "Function" } id when program.ScopeOf(id) is null:
                // Function("a", "b", body): the last argument is the body, the others name its parameters.
                if (Text(arguments[^1], evaluator) is not { } body)
                {
                    return null;
                }

                var parameters = arguments.Take(arguments.Count - 1).Select(a => evaluator.EvaluateRoot(a).SingleString).ToList();
                return parameters.Any(p => p is null) ? null : $"(function ({string.Join(", ", parameters)}) {{\n{body}\n}})";
            default:
                return null;
        }
    }

    private static string? Text(Node argument, ValueEvaluator evaluator) =>
        evaluator.EvaluateRoot(argument).SingleString is { Length: > 0 and <= MaxCodeLength } code ? code : null;
}

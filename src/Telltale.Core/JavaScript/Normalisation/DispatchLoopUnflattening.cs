using System.Text;
using Acornima;
using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Puts a control-flow-flattened block back in order. Flattening turns <c>a; b; c</c> into
/// <c>var o = "2|0|1".split("|"), i = 0; while (true) { switch (o[i++]) { case "0": b; continue; … } break; }</c>;
/// the order string says which case runs when, so the loop is replaced by the cases' statements in that order.
/// </summary>
internal static class DispatchLoopUnflattening
{
    public static void Collect(JavaScriptProgram program, SourceEdits edits)
    {
        foreach (var dispatch in program.Signals.DispatchSwitches)
        {
            if (Unflatten(program, dispatch) is var (loop, text))
            {
                edits.TryAdd(loop.Start, loop.End, text);
            }
        }
    }

    private static (Node Loop, string Text)? Unflatten(JavaScriptProgram program, SwitchStatement dispatch)
    {
        if (JavaScriptProgram.Parent(dispatch) is not BlockStatement { Body: [var first, ..] } block || !ReferenceEquals(first, dispatch)
            || block.Body.Count > 2 || (block.Body.Count == 2 && block.Body[1] is not BreakStatement { Label: null })
            || JavaScriptProgram.Parent(block) is not { } loop || !IsEndless(loop))
        {
            return null;
        }

        var selector = (MemberExpression)dispatch.Discriminant;
        if (selector.Object is not Identifier order || selector.Property is not UpdateExpression { Prefix: false, Operator: Operator.Increment, Argument: Identifier })
        {
            return null;
        }

        if (OrderOf(program, order) is not { } sequence)
        {
            return null;
        }

        var cases = new Dictionary<string, SwitchCase>(StringComparer.Ordinal);
        foreach (var @case in dispatch.Cases)
        {
            if (@case.Test is not StringLiteral key || !cases.TryAdd(key.Value, @case))
            {
                return null;
            }
        }

        var builder = new StringBuilder("{");
        foreach (var step in sequence)
        {
            if (!cases.TryGetValue(step, out var @case))
            {
                return null;
            }

            var statements = @case.Consequent.ToList();
            if (statements.Count > 0 && statements[^1] is ContinueStatement { Label: null })
            {
                statements.RemoveAt(statements.Count - 1);
            }

            // A jump left among the statements would mean something else once the loop is gone.
            if (statements.SelectMany(s => AstWalk.Descendants(s)).Any(node => JumpsOutOf(node, dispatch)))
            {
                return null;
            }

            foreach (var statement in statements)
            {
                builder.Append(program.Text(statement)).Append('\n');
            }
        }

        return (loop, builder.Append('}').ToString());
    }

    private static bool JumpsOutOf(Node node, SwitchStatement dispatch)
    {
        if (node is not (ContinueStatement or BreakStatement))
        {
            return false;
        }

        if (node is ContinueStatement { Label: not null } or BreakStatement { Label: not null })
        {
            return true;
        }

        for (var current = JavaScriptProgram.Parent(node); current is not null; current = JavaScriptProgram.Parent(current))
        {
            if (ReferenceEquals(current, dispatch))
            {
                return true;
            }

            // A jump inside an inner loop (or, for break, an inner switch) stays inside it.
            if (current is IFunction || current is WhileStatement or DoWhileStatement or ForStatement or ForInStatement or ForOfStatement
                || (node is BreakStatement && current is SwitchStatement))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEndless(Node loop) => loop switch
    {
        WhileStatement { Test: BooleanLiteral { Value: true } } => true,
        WhileStatement { Test: UnaryExpression { Operator: Operator.LogicalNot } test } => ConstantExpressions.TryEvaluate(test, out var value) && value is true,
        ForStatement { Test: null } => true,
        _ => false,
    };

    /// <summary>The steps of <c>var o = "2|0|1".split("|")</c> when that is the only value <paramref name="order"/> ever gets.</summary>
    private static string[]? OrderOf(JavaScriptProgram program, Identifier order)
    {
        var definitions = program.Definitions(program.ScopeOf(order), order.Name).Take(2).ToList();
        if (definitions is not [CallExpression { Callee: MemberExpression { Object: StringLiteral steps, Property: var method } split, Arguments: [StringLiteral separator] }])
        {
            return null;
        }

        var name = split.Computed ? (method as StringLiteral)?.Value : (method as Identifier)?.Name;
        return name == "split" && separator.Value.Length > 0 ? steps.Value.Split(separator.Value) : null;
    }
}

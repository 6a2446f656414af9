using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>What a function returns and which conditions decide between its returns (nested functions excluded).</summary>
internal sealed record FunctionShape(IReadOnlyList<Expression> Returns, IReadOnlyList<Node> Conditions, bool ReturnsFunction)
{
    public static FunctionShape Of(Node function)
    {
        var returns = new List<Expression>();
        // If tests, and switch cases (each read as discriminant === case test).
        var conditions = new List<Node>();
        if (function is ArrowFunctionExpression { Body: Expression body })
        {
            returns.Add(body);
        }

        var stack = new Stack<Node>();
        foreach (var child in function.ChildNodes)
        {
            stack.Push(child);
        }

        while (stack.Count > 0)
        {
            var node = stack.Pop();
            switch (node)
            {
                case IFunction:
                    continue;
                case ReturnStatement { Argument: { } argument }:
                    returns.Add(argument);
                    break;
                case IfStatement conditional:
                    conditions.Add(conditional.Test);
                    break;
                case SwitchCase { Test: not null } switchCase:
                    conditions.Add(switchCase);
                    break;
            }

            foreach (var child in node.ChildNodes)
            {
                stack.Push(child);
            }
        }

        return new FunctionShape(returns, conditions, returns.Any(r => r is IFunction));
    }
}

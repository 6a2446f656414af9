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

        foreach (var node in AstWalk.Descendants(function, intoNestedFunctions: false))
        {
            switch (node)
            {
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
        }

        return new FunctionShape(returns, conditions, returns.Any(r => r is IFunction));
    }
}

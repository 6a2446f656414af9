using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Writes operators on literals as their value, members named by a string as plain member names
/// (<c>x["hostname"]</c> → <c>x.hostname</c>), and a test of a constant as the branch it always takes.
/// </summary>
internal static class ConstantFolding
{
    public static void Collect(JavaScriptProgram program, SourceEdits edits)
    {
        var signals = program.Signals;

        // Outermost first: folding the whole expression at once leaves no half-folded operand behind.
        foreach (var node in signals.ConstantOperations.OrderBy(n => n.Start).ThenByDescending(n => n.End))
        {
            if (!IsInsideConstantOperation(node) && ConstantExpressions.TryEvaluate(node, out var value) && Foldable(node))
            {
                edits.TryAdd(node.Start, node.End, ConstantExpressions.ToSource(value));
            }
        }

        foreach (var member in signals.StringMembers)
        {
            var name = ((StringLiteral)member.Property).Value;
            if (!IsIdentifierName(name) || member.Object is Literal)
            {
                continue;
            }

            // The bracket may be followed by parentheses the parser dropped: `x[("a")]`.
            var open = member.Property.Start - 1;
            while (open > member.Object.End && (char.IsWhiteSpace(program.Source[open]) || program.Source[open] == '('))
            {
                open--;
            }

            if (open >= member.Object.End && program.Source[open] == '[')
            {
                // `x?.["a"]` keeps its `?.` before the bracket and becomes `x?.a`; `x["a"]` becomes `x.a`.
                var optional = program.Source.AsSpan(member.Object.End, open - member.Object.End).Trim().EndsWith("?.", StringComparison.Ordinal);
                edits.TryAdd(open, member.End, (optional ? "" : ".") + name);
            }
        }
    }

    /// <summary>A test of a constant (<c>if ("abc" === "abc")</c>) replaced by the branch it always takes.</summary>
    public static void CollectBranches(JavaScriptProgram program, SourceEdits edits)
    {
        foreach (var node in program.Signals.ConstantTests)
        {
            switch (node)
            {
                case IfStatement statement when ConstantExpressions.TryEvaluate(statement.Test, out var test) && test is bool taken:
                    var branch = taken ? statement.Consequent : statement.Alternate;
                    edits.TryAdd(statement.Start, statement.End, branch is null ? ";" : "{" + program.Text(branch) + "}");
                    break;
                case ConditionalExpression conditional when ConstantExpressions.TryEvaluate(conditional.Test, out var test) && test is bool taken:
                    edits.TryAdd(conditional.Start, conditional.End, "(" + program.Text(taken ? conditional.Consequent : conditional.Alternate) + ")");
                    break;
            }
        }
    }

    /// <summary>A literal is already what folding would write; only operators are rewritten.</summary>
    private static bool Foldable(Node node) => node is not Literal;

    private static bool IsInsideConstantOperation(Node node) =>
        JavaScriptProgram.Parent(node) is { } parent && (parent is BinaryExpression || parent is UnaryExpression) && ConstantExpressions.IsConstant(parent);

    internal static bool IsIdentifierName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }
}

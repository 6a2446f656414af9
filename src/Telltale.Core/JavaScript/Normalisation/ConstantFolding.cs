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

        CollectKeys(program, edits);
        CollectUnusedAliases(program, edits);

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

    /// <summary>
    /// An alias nobody reads (<c>const _0x2f = table</c> left in a function whose table calls are folded) removed: it only
    /// ties the function to code a decoder lifted into the sandbox would then need.
    /// </summary>
    public static void CollectUnusedAliases(JavaScriptProgram program, SourceEdits edits)
    {
        foreach (var alias in program.Signals.Aliases)
        {
            var name = (Identifier)alias.Id;
            if (JavaScriptProgram.Parent(alias) is not VariableDeclaration { Declarations: var declarators } declaration
                || program.References(program.ScopeOf(name), name.Name).Count != 1)
            {
                continue;
            }

            var index = declarators.ToList().IndexOf(alias);
            if (declarators.Count == 1)
            {
                // The whole declaration goes; where a statement is needed an empty one stays.
                if (JavaScriptProgram.Parent(declaration) is not (ForStatement or ForInStatement or ForOfStatement))
                {
                    edits.TryAdd(declaration.Start, declaration.End, ";");
                }
            }
            else if (index < declarators.Count - 1)
            {
                edits.TryAdd(alias.Start, declarators[index + 1].Start, "");
            }
            else
            {
                edits.TryAdd(declarators[index - 1].End, alias.End, "");
            }
        }
    }

    /// <summary>A key named by a string in brackets written as a plain key: <c>["verb"]() {…}</c> → <c>verb() {…}</c>.</summary>
    public static void CollectKeys(JavaScriptProgram program, SourceEdits edits)
    {
        foreach (var node in program.Signals.StringKeys)
        {
            var key = node switch
            {
                Property property => property.Key,
                MethodDefinition method => method.Key,
                PropertyDefinition field => field.Key,
                _ => null,
            };
            if (key is not StringLiteral { Value: var name } || !IsIdentifierName(name))
            {
                continue;
            }

            var open = program.Source.LastIndexOf('[', Math.Max(0, key.Start - 1), key.Start - node.Start);
            var close = program.Source.IndexOf(']', key.End);
            if (open >= node.Start && close > 0 && program.Source.AsSpan(open + 1, key.Start - open - 1).Trim("( \t\r\n").IsEmpty
                && program.Source.AsSpan(key.End, close - key.End).Trim(") \t\r\n").IsEmpty)
            {
                // A space keeps `get["host"]()` from becoming `gethost()`.
                edits.TryAdd(open, close + 1, " " + name);
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
                    edits.TryAdd(statement.Start, statement.End, branch is null ? ";" : BranchText(program, branch, JavaScriptProgram.Parent(statement)));
                    break;
                case ConditionalExpression conditional when ConstantExpressions.TryEvaluate(conditional.Test, out var test) && test is bool taken:
                    edits.TryAdd(conditional.Start, conditional.End, "(" + program.Text(taken ? conditional.Consequent : conditional.Alternate) + ")");
                    break;
            }
        }
    }

    /// <summary>
    /// The statements of the branch taken: inside a block they stand on their own, so that <c>if (c) { x = y; }</c> keeps
    /// its shape once an injected <c>if ("a" === "a")</c> around the assignment is gone; in braces when they declare a
    /// block-scoped name or stand where one statement is expected.
    /// </summary>
    private static string BranchText(JavaScriptProgram program, Statement branch, Node? container)
    {
        if (branch is not BlockStatement block)
        {
            return container is BlockStatement or Acornima.Ast.Program ? program.Text(branch) : "{" + program.Text(branch) + "}";
        }

        var scoped = block.Body.Any(s => s is VariableDeclaration { Kind: not VariableDeclarationKind.Var } or ClassDeclaration or FunctionDeclaration);
        return container is BlockStatement or Acornima.Ast.Program && !scoped && block.Body.Count > 0
            ? program.Source[block.Body[0].Start..block.Body[^1].End]
            : program.Text(block);
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

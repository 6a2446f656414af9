using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>Depth-first walks over the AST without recursion (bundles nest thousands deep).</summary>
internal static class AstWalk
{
    /// <summary>
    /// <paramref name="root"/> and everything below it; with <paramref name="intoNestedFunctions"/> false, functions
    /// below the root are yielded but not entered, which is what "this function's own code" means.
    /// </summary>
    public static IEnumerable<Node> Descendants(Node root, bool intoNestedFunctions = true)
    {
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (!intoNestedFunctions && node is IFunction && !ReferenceEquals(node, root))
            {
                continue;
            }

            foreach (var child in node.ChildNodes)
            {
                stack.Push(child);
            }
        }
    }
}

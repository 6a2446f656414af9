namespace Telltale.Findings;

/// <summary>
/// What the code does with what it hides: an explained tree of steps rooted at the output it changes,
/// and how many bits per message the environment can signal through it.
/// </summary>
public sealed record Behaviour
{
    public required BehaviourStep Root { get; init; }

    /// <summary>log2 of the number of distinguishable outputs per message; 0 when unknown.</summary>
    public double CapacityBits { get; init; }

    /// <summary>Every root-to-leaf path, leaf first: the source → … → sink chains SARIF code flows show.</summary>
    public IReadOnlyList<IReadOnlyList<BehaviourStep>> Chains()
    {
        var chains = new List<IReadOnlyList<BehaviourStep>>();
        var path = new List<BehaviourStep>();
        Collect(Root, path, chains);
        return chains;
    }

    private static void Collect(BehaviourStep step, List<BehaviourStep> path, List<IReadOnlyList<BehaviourStep>> chains)
    {
        path.Add(step);
        if (step.Children.Count == 0)
        {
            var chain = new List<BehaviourStep>(path);
            chain.Reverse();
            chains.Add(chain);
        }
        else
        {
            foreach (var child in step.Children)
            {
                Collect(child, path, chains);
            }
        }

        path.RemoveAt(path.Count - 1);
    }

    /// <summary>All steps in the tree, depth first.</summary>
    public IEnumerable<BehaviourStep> Steps()
    {
        var stack = new Stack<BehaviourStep>();
        stack.Push(Root);
        while (stack.Count > 0)
        {
            var step = stack.Pop();
            yield return step;
            for (var i = step.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(step.Children[i]);
            }
        }
    }
}

using System.Runtime.InteropServices;
using Acornima;
using Acornima.Ast;
using Telltale.JavaScript.Normalisation;

namespace Telltale.JavaScript;

/// <summary>
/// What the analysis asks of a program by kind rather than by place, gathered in one depth-first walk: identifiers and
/// method calls by name, functions, the channel candidates, the obfuscation signals. A program parsed in parts is walked
/// part by part on the threads that parsed them, and the parts' indexes are joined into the index a walk of the whole
/// program makes, every list in the same order.
/// </summary>
internal sealed class ProgramIndex
{
    private ProgramIndex()
    {
    }

    public Dictionary<string, List<Identifier>> Identifiers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<CallExpression>> MethodCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>In source order once <see cref="Finish"/> has run.</summary>
    public List<Node> Functions { get; } = [];

    /// <summary>In source order once <see cref="Finish"/> has run.</summary>
    public List<Node> NonAsciiShortStrings { get; } = [];

    public List<Node> ConditionalReplacements { get; } = [];

    public List<ConditionalExpression> SubtleChoices { get; } = [];

    public int NodeCount { get; private set; }

    public ObfuscationSignals Signals { get; } = new();

    /// <summary>The index of a whole program.</summary>
    public static ProgramIndex Of(Program root) => Walk([root]).Finish();

    /// <summary>
    /// One part's statements walked as a walk of the whole program walks them: depth first, the last statement first
    /// (a walk pushes a node's children in order and takes the last one off first).
    /// </summary>
    public static ProgramIndex OfPart(Program part) => Walk(part.Body);

    /// <summary>The index of a program joined from parts: its root, then each part's index, the last part first.</summary>
    public static ProgramIndex Join(Program root, IReadOnlyList<ProgramIndex> parts)
    {
        var joined = new ProgramIndex();
        joined.Visit(root);
        for (var index = parts.Count - 1; index >= 0; index--)
        {
            joined.Append(parts[index]);
        }

        return joined.Finish();
    }

    private static ProgramIndex Walk(IEnumerable<Node> roots)
    {
        var index = new ProgramIndex();
        var stack = new Stack<Node>(roots);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            index.Visit(node);
            foreach (var child in node.ChildNodes)
            {
                stack.Push(child);
            }
        }

        return index;
    }

    private void Visit(Node node)
    {
        NodeCount++;
        Signals.Visit(node);
        switch (node)
        {
            case CallExpression { Callee: MemberExpression { Computed: false, Property: Identifier method } } call:
                ref var calls = ref CollectionsMarshal.GetValueRefOrAddDefault(MethodCalls, method.Name, out _);
                (calls ??= []).Add(call);
                if (JavaScriptProgram.IsShortNonAscii(JavaScriptProgram.CharCodeString(call)))
                {
                    // String.fromCharCode(8217): a variant written as numbers is still a variant.
                    NonAsciiShortStrings.Add(call);
                }

                break;
            case Identifier id when JavaScriptProgram.IsReference(id):
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(Identifiers, id.Name, out _);
                (list ??= []).Add(id);
                break;
            case IFunction:
                Functions.Add(node);
                break;
            case StringLiteral literal when JavaScriptProgram.IsShortNonAscii(literal.Value):
                NonAsciiShortStrings.Add(node);
                break;
            case TemplateLiteral template when template.Expressions.Count == 0 && JavaScriptProgram.IsShortNonAscii(template.Quasis[0].Value.Cooked):
                NonAsciiShortStrings.Add(node);
                break;
            case TemplateElement element when JavaScriptProgram.Parent(element) is TemplateLiteral { Expressions.Count: > 0 } && JavaScriptProgram.IsShortNonAscii(element.Value.Cooked):
                // `Do “${task}” now`: the variant sits in the text around a substitution.
                NonAsciiShortStrings.Add(node);
                break;
            case ConditionalExpression conditional when JavaScriptProgram.IsReplacementOf(conditional.Consequent, conditional.Alternate) || JavaScriptProgram.IsReplacementOf(conditional.Alternate, conditional.Consequent):
                ConditionalReplacements.Add(node);
                break;
            case ConditionalExpression { Consequent: StringLiteral a, Alternate: StringLiteral b } conditional
                when a.Value.Length <= Classification.SubtleVariants.MaxOrderedLength && b.Value.Length <= Classification.SubtleVariants.MaxOrderedLength
                    && Classification.SubtleVariants.Classify([a.Value, b.Value]) is not null:
                SubtleChoices.Add(conditional);
                break;
            case IfStatement { Consequent: var consequent } when JavaScriptProgram.AssignsReplacement(consequent):
                ConditionalReplacements.Add(node);
                break;
            case LogicalExpression { Operator: Operator.LogicalAnd, Right: AssignmentExpression { Left: Expression assigned, Right: var replaced } } when JavaScriptProgram.IsReplacementOf(replaced, assigned):
                // `c && (x = x.replace(…))`: the `if` as minifiers and obfuscators write it.
                ConditionalReplacements.Add(node);
                break;
        }
    }

    private void Append(ProgramIndex later)
    {
        NodeCount += later.NodeCount;
        Signals.Append(later.Signals);
        Functions.AddRange(later.Functions);
        NonAsciiShortStrings.AddRange(later.NonAsciiShortStrings);
        ConditionalReplacements.AddRange(later.ConditionalReplacements);
        SubtleChoices.AddRange(later.SubtleChoices);
        AppendByName(Identifiers, later.Identifiers);
        AppendByName(MethodCalls, later.MethodCalls);
    }

    private static void AppendByName<T>(Dictionary<string, List<T>> into, Dictionary<string, List<T>> later)
    {
        foreach (var (name, nodes) in later)
        {
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(into, name, out _);
            (list ??= []).AddRange(nodes);
        }
    }

    private ProgramIndex Finish()
    {
        Functions.Sort((a, b) => a.Start.CompareTo(b.Start));
        NonAsciiShortStrings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return this;
    }
}

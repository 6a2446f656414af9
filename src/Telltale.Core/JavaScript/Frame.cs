using System.Collections.Immutable;
using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>One call being followed: the function, what its parameters were given, and who called it.</summary>
internal sealed class Frame(Node function, ImmutableArray<AbstractValue> arguments, Frame? caller)
{
    public Node Function { get; } = function;
    public ImmutableArray<AbstractValue> Arguments { get; } = arguments;
    public Frame? Caller { get; } = caller;

    public int Depth => Caller is null ? 1 : Caller.Depth + 1;

    /// <summary>The frame of <paramref name="function"/> in this call chain, if it is being followed.</summary>
    public Frame? Of(Node function)
    {
        for (var frame = this; frame is not null; frame = frame.Caller)
        {
            if (ReferenceEquals(frame.Function, function))
            {
                return frame;
            }
        }

        return null;
    }
}

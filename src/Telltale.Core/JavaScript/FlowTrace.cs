using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>What a forward trace found: texts that carry the value (nearest first) and where it leaves the code.</summary>
internal sealed record FlowTrace(IReadOnlyList<Node> Carriers, IReadOnlyList<SinkHit> Sinks);

internal sealed record SinkHit(SinkKind Kind, Node Site, string Description)
{
    public string Capability => "sink." + Kind switch
    {
        SinkKind.LlmUserMessage => "llm-user-message",
        SinkKind.LlmSystemPrompt => "llm-system-prompt",
        SinkKind.Network => "network",
        SinkKind.HttpHeader => "http-header",
        SinkKind.File => "file",
        _ => "console",
    };

    public bool LeavesProcess => Kind is SinkKind.LlmUserMessage or SinkKind.LlmSystemPrompt or SinkKind.Network or SinkKind.HttpHeader;
}

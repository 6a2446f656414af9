namespace Telltale.JavaScript;

/// <summary>Where text leaves the code. Capability names are <c>sink.</c> plus the kebab-case name.</summary>
internal enum SinkKind
{
    LlmUserMessage,
    LlmSystemPrompt,
    Network,
    HttpHeader,
    File,
    Console,
}

namespace Telltale.Findings;

/// <summary>The role a step plays in a behaviour chain, read from the environment towards the output.</summary>
public enum BehaviourStepKind
{
    /// <summary>An environment fact the code reads: a variable, the time zone, the host name.</summary>
    Source,

    /// <summary>A test of a source against constants or a list.</summary>
    Comparison,

    /// <summary>The list a comparison uses; hidden when it only exists after decoding.</summary>
    List,

    /// <summary>A choice between look-alike or invisible strings made by a comparison's outcome.</summary>
    Channel,

    /// <summary>A change of text (e.g. a date's separators) applied only when a comparison holds.</summary>
    Transform,

    /// <summary>Text that carries the chosen variant, such as a prompt template.</summary>
    Carrier,

    /// <summary>Where the text leaves the code: an LLM request, a header, a file, the network.</summary>
    Sink,
}

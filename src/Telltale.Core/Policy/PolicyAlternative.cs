namespace Telltale.Policy;

/// <summary>
/// What to use instead: an npm spec (<c>npm:@openai/codex</c>), an extension (<c>vscode:publisher.name</c>) or a
/// plugin (<c>jetbrains:id</c>), with the evidence that it was checked.
/// </summary>
/// <param name="Spec">The package or extension, as a user would install it.</param>
public sealed record PolicyAlternative(string Spec)
{
    /// <summary>The sha256 of its latest stored scan, which <c>report show</c> opens.</summary>
    public string? Scan { get; init; }

    /// <summary>The version that scan covered.</summary>
    public string? Version { get; init; }

    /// <summary>The highest severity that scan found (<c>none</c> when it found nothing); <c>high</c> or above is refused.</summary>
    public string? Highest { get; init; }

    /// <summary>When it was checked.</summary>
    public DateOnly? CheckedOn { get; init; }

    public string? Note { get; init; }
}

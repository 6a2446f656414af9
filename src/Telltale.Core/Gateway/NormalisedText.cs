namespace Telltale.Gateway;

/// <summary>The result of <see cref="PromptTextNormaliser.Normalise"/>: the new text and every change made to reach it.</summary>
public sealed record NormalisedText(string Text, IReadOnlyList<TextChange> Changes)
{
    public bool Changed => Changes.Count > 0;
}

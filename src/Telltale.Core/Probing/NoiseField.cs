namespace Telltale.Probing;

/// <summary>
/// A field whose value differs between repeats of one variant (request ids, timestamps), so that nothing it
/// does across variants can be told from chance. Listed, never reported as a channel.
/// </summary>
public sealed record NoiseField(RequestKey Request, FieldPath Field, IReadOnlyList<string> UnstableVariants);

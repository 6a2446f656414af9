namespace Telltale.Gateway;

/// <summary>
/// What a request's client-written text says beyond its characters: the forms its dates are written in, and the client
/// versions it states itself (<see cref="ClientProduct.BodyVersionMarker"/>). Nothing here changes the request.
/// </summary>
public sealed record PromptObservation(IReadOnlyList<DateFormUse> Dates, IReadOnlyList<StatedVersion> StatedVersions)
{
    public static PromptObservation None { get; } = new([], []);
}

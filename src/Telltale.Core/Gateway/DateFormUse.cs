namespace Telltale.Gateway;

/// <summary>A date written in a request's prompt text: the JSON path of its string and the form (<see cref="DateFormFinder"/>).</summary>
public sealed record DateFormUse(string JsonPath, string Form);

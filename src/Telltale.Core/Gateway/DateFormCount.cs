namespace Telltale.Gateway;

/// <summary>How many of a client's requests wrote a date in one form.</summary>
public sealed record DateFormCount(string Form, long Requests);

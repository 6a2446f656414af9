namespace Telltale.Server.Contracts;

/// <summary>How many of a client's requests showed a date in this form (<c>YYYY/MM/DD</c>).</summary>
internal sealed record DateFormCount(string Form, long Requests);

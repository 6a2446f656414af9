namespace Telltale.Server.Contracts;

/// <summary>
/// A machine in <c>GET /api/v1/machines</c>: its latest inventory judged against the current policy at the time of the
/// request (a ban's date may have come since the machine posted).
/// </summary>
/// <param name="Result"><c>fail</c> (something banned in force), <c>warn</c> or <c>pass</c>, as <c>check</c>'s summary.</param>
internal sealed record MachineResponse(
    string Host, DateTimeOffset ReceivedAt, string PostedBy, int Items, int Failures, int Warnings, string Result, long PolicyVersion, DateTimeOffset CheckedAt);

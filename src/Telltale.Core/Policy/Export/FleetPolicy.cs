namespace Telltale.Policy.Export;

/// <summary>
/// One Fleet policy (the <c>spec</c> of <c>apiVersion: v1, kind: policy</c>). Fleet counts a host as passing when
/// <see cref="Query"/> returns at least one row, so the query returns a row when nothing the entry names is found.
/// </summary>
/// <param name="Platform">Fleet's comma-separated platforms (<c>darwin,linux,windows</c>).</param>
/// <param name="Critical">Whether Fleet treats a failing host as critical: a banned entry in force.</param>
public sealed record FleetPolicy(string Name, string Query, string Description, string Resolution, string Platform, bool Critical);

namespace Telltale.Tests;

/// <summary>One request as <see cref="FakeUpstream"/> received it.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

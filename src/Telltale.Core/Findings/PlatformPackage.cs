namespace Telltale.Findings;

/// <summary>A platform package scanned with the target; its findings' paths start with <c>Name@Version!/</c>.</summary>
public sealed record PlatformPackage(string Name, string Version, string Sha256)
{
    public override string ToString() => $"{Name}@{Version}";
}

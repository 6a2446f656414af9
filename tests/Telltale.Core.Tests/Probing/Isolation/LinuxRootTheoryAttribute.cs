namespace Telltale.Tests.Probing.Isolation;

/// <summary>A theory that needs Linux namespaces, which need root: reported as skipped elsewhere, never passed silently.</summary>
public sealed class LinuxRootTheoryAttribute : TheoryAttribute
{
    public LinuxRootTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux (network and mount namespaces)";
        }
    }
}

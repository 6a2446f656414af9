using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// The names change kinds and categories have in every diff format. Spelled out rather than derived from
/// the enum members, so renaming a member cannot silently change the JSON shape.
/// </summary>
public static class DiffNames
{
    public static string ToName(this ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        ChangeKind.Changed => "changed",
        ChangeKind.Unchanged => "unchanged",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ToName(this CapabilityCategory category) => category switch
    {
        CapabilityCategory.EnvironmentVariables => "environment-variables",
        CapabilityCategory.Fingerprints => "fingerprints",
        CapabilityCategory.HiddenLists => "hidden-lists",
        CapabilityCategory.CovertChannels => "covert-channels",
        CapabilityCategory.NetworkEndpoints => "network-endpoints",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>The heading people read: "environment variables", "hidden lists".</summary>
    public static string ToTitle(this CapabilityCategory category) => category switch
    {
        CapabilityCategory.EnvironmentVariables => "environment variables",
        CapabilityCategory.Fingerprints => "fingerprints",
        CapabilityCategory.HiddenLists => "hidden lists",
        CapabilityCategory.CovertChannels => "covert channels",
        CapabilityCategory.NetworkEndpoints => "network endpoints",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary><c>name@version</c>, or the name alone when there is no version.</summary>
    public static string Label(ScanTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Version is null ? target.Name : $"{target.Name}@{target.Version}";
    }

    /// <summary>Both sides in one line: <c>name 1.0 → 1.1</c> for one package, <c>a@1 → b@2</c> otherwise.</summary>
    public static string Title(ReportDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var (old, @new) = (diff.Old.Target, diff.New.Target);
        return old.Name == @new.Name && old.Version is not null && @new.Version is not null
            ? $"{@new.Name} {old.Version} → {@new.Version}"
            : $"{Label(old)} → {Label(@new)}";
    }
}

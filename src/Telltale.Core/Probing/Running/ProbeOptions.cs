namespace Telltale.Probing.Running;

/// <summary>How each run is made. Defaults suit a CLI agent answering one prompt.</summary>
public sealed record ProbeOptions
{
    /// <summary>A run still going after this is killed (with its children) and marked timed out.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>What the fake APIs answer.</summary>
    public string ReplyText { get; init; } = "hi";

    /// <summary>The directory runs start in; null for a fresh empty one shared by all runs (same path, so it is not noise).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Kept of each run's standard output and error.</summary>
    public int MaxOutputChars { get; init; } = 64 * 1024;

    /// <summary>The placeholder key given to the tool; the probe never passes on the user's real keys.</summary>
    public string PlaceholderApiKey { get; init; } = "sk-telltale-probe-placeholder";

    /// <summary>
    /// What the tool's requests go through before they reach the capture endpoint (the gateway); null for none. The capture
    /// endpoint then records what left the front door, not what the tool sent.
    /// </summary>
    public IProbeFrontDoor? FrontDoor { get; init; }
}

using System.Text.Json;

namespace Telltale.Artifacts;

/// <summary>
/// The <c>os</c>, <c>cpu</c> and <c>libc</c> fields of a package manifest, checked the way npm's
/// <c>npm-install-checks</c> does: a missing field accepts everything; a list accepts a value it names,
/// refuses one it names with <c>!</c>, and a list of only negations accepts everything else.
/// </summary>
/// <param name="Os">The <c>os</c> list, or null when the manifest has none.</param>
/// <param name="Cpu">The <c>cpu</c> list, or null when the manifest has none.</param>
/// <param name="Libc">The <c>libc</c> list, or null when the manifest has none.</param>
public sealed record NpmPlatformRequirements(IReadOnlyList<string>? Os, IReadOnlyList<string>? Cpu, IReadOnlyList<string>? Libc)
{
    public static NpmPlatformRequirements None { get; } = new(null, null, null);

    /// <summary>
    /// Whether the package is built for some platforms only. A plain optional dependency (no os, no cpu)
    /// is not a platform package even when it names a libc, since npm would install it everywhere on Linux.
    /// </summary>
    public bool IsPlatformSpecific => Os is { Count: > 0 } || Cpu is { Count: > 0 };

    /// <summary>Reads the three fields; npm accepts a single string as well as a list.</summary>
    public static NpmPlatformRequirements FromManifest(JsonElement manifest) =>
        manifest.ValueKind != JsonValueKind.Object
            ? None
            : new NpmPlatformRequirements(List(manifest, "os"), List(manifest, "cpu"), List(manifest, "libc"));

    public bool Accepts(NpmPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (Os is not null && !Check(platform.Os, Os))
        {
            return false;
        }

        if (Cpu is not null && !Check(platform.Cpu, Cpu))
        {
            return false;
        }

        // npm fails any libc requirement off Linux, and on Linux when it cannot tell the libc.
        return Libc is null || (platform.Os == "linux" && platform.Libc is { } libc && Check(libc, Libc));
    }

    /// <summary><c>os linux, cpu x64, libc glibc</c>; the fields the manifest has, in that order.</summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Os is not null)
        {
            parts.Add("os " + string.Join("|", Os));
        }

        if (Cpu is not null)
        {
            parts.Add("cpu " + string.Join("|", Cpu));
        }

        if (Libc is not null)
        {
            parts.Add("libc " + string.Join("|", Libc));
        }

        return parts.Count == 0 ? "any platform" : string.Join(", ", parts);
    }

    /// <summary>npm's <c>checkList</c>, including its <c>["any"]</c> shorthand.</summary>
    private static bool Check(string value, IReadOnlyList<string> list)
    {
        if (list.Count == 1 && list[0] == "any")
        {
            return true;
        }

        var negations = 0;
        var match = false;
        foreach (var entry in list)
        {
            if (entry.StartsWith('!'))
            {
                negations++;
                if (string.Equals(value, entry[1..], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            else
            {
                match |= string.Equals(value, entry, StringComparison.Ordinal);
            }
        }

        return match || negations == list.Count;
    }

    private static string[]? List(JsonElement manifest, string property)
    {
        if (!manifest.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => null,
        };
    }
}

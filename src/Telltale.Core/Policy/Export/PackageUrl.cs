using System.Globalization;
using System.Text;

namespace Telltale.Policy.Export;

/// <summary>
/// Package URLs (purl-spec) for what a policy names. Every segment is percent-encoded except the unreserved
/// characters, so a name with <c>/</c>, <c>@</c>, <c>?</c> or <c>#</c> in it cannot change the purl's structure.
/// </summary>
internal static class PackageUrl
{
    /// <summary>
    /// The purl of an affected package, or null for an ecosystem without a purl type: npm (<c>pkg:npm/%40scope/name</c>,
    /// the scope's <c>@</c> encoded as the spec's canonical form has it), VSCode (<c>pkg:vscode-extension/publisher/name</c>),
    /// JetBrains (<c>pkg:generic/id</c> with the plugin repository, since purl has no JetBrains type).
    /// </summary>
    public static string? For(string ecosystem, string name, string? version = null, IEnumerable<(string Key, string Value)>? qualifiers = null)
    {
        string? path = ecosystem switch
        {
            PolicyEcosystems.Npm => "npm/" + NpmPath(name),
            PolicyEcosystems.VSCode => VsCodePath(name),
            PolicyEcosystems.JetBrains => "generic/" + Encode(name),
            PolicyEcosystems.Native => "generic/" + Encode(name),
            _ => null,
        };
        if (path is null)
        {
            return null;
        }

        var text = new StringBuilder("pkg:").Append(path);
        if (version is not null)
        {
            text.Append('@').Append(Encode(version));
        }

        var all = new List<(string Key, string Value)>(qualifiers ?? []);
        if (ecosystem == PolicyEcosystems.JetBrains)
        {
            all.Add(("repository_url", "https://plugins.jetbrains.com"));
        }

        // The spec orders qualifiers by key, so two exports of one package compare equal as strings.
        char separator = '?';
        foreach ((string key, string value) in all.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            text.Append(separator).Append(key).Append('=').Append(Encode(value, keepColon: true));
            separator = '&';
        }

        return text.ToString();
    }

    private static string NpmPath(string name)
    {
        // npm names are lower case; the purl spec lower-cases the npm type's namespace and name.
        string lower = name.ToLowerInvariant();
        int slash = lower.IndexOf('/', StringComparison.Ordinal);
        return lower.StartsWith('@') && slash > 1
            ? Encode(lower[..slash]) + "/" + Encode(lower[(slash + 1)..])
            : Encode(lower);
    }

    private static string? VsCodePath(string name)
    {
        // publisher.name; an id without a dot has no publisher, which the vscode-extension type requires.
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < name.Length - 1
            ? "vscode-extension/" + Encode(name[..dot].ToLowerInvariant()) + "/" + Encode(name[(dot + 1)..].ToLowerInvariant())
            : null;
    }

    /// <summary>Percent-encodes UTF-8 bytes of everything but <c>A-Z a-z 0-9 . - _ ~</c> (and <c>:</c> in a qualifier value).</summary>
    public static string Encode(string value, bool keepColon = false)
    {
        var text = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' || (keepColon && c == ':'))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}

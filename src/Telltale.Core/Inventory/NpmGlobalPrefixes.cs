namespace Telltale.Inventory;

/// <summary>
/// Where global npm packages live: npm's own prefixes (the defaults and whatever <c>prefix=</c> an npmrc
/// sets) and those of the version managers and other package managers people install agents with. Each is a
/// <c>node_modules</c> folder whose top-level packages are what <c>npm ls -g</c> (or the manager's own
/// listing) would show.
/// </summary>
internal static class NpmGlobalPrefixes
{
    /// <summary>A global <c>node_modules</c> folder, what put it there, and whose it is (null: system-wide).</summary>
    public sealed record Location(RootedPath NodeModules, string Source, string? User);

    // npm's defaults on Linux (distribution and nodejs.org builds) and Homebrew on macOS.
    private static readonly string[] SystemPrefixes = ["/usr/local", "/usr", "/opt/homebrew"];

    // npm reads the global npmrc at $PREFIX/etc/npmrc: the first for a distribution's npm, the second for nodejs.org's.
    private static readonly string[] SystemNpmrcs = ["/etc/npmrc", "/usr/local/etc/npmrc", "/opt/homebrew/etc/npmrc"];

    /// <summary>Per home: a pattern under it (<c>*</c> = a version folder), and how to name its source from the version.</summary>
    private static readonly (string Pattern, Func<string[], string> Source)[] HomePatterns =
    [
        (".npm-global/lib/node_modules", _ => "npm"),
        (".nvm/versions/node/*/lib/node_modules", v => $"nvm node {NodeVersion(v[0])}"),
        (".config/nvm/versions/node/*/lib/node_modules", v => $"nvm node {NodeVersion(v[0])}"),

        // Volta installs each package into a prefix of its own (tools/image/packages/NAME, scoped ones one level deeper),
        // and keeps each Node it downloaded (with the npm and corepack it ships) under tools/image/node/VERSION.
        (".volta/tools/image/packages/*/lib/node_modules", _ => "volta"),
        (".volta/tools/image/packages/*/*/lib/node_modules", _ => "volta"),
        (".volta/tools/image/node/*/lib/node_modules", v => $"volta node {NodeVersion(v[0])}"),
        (".local/share/fnm/node-versions/*/installation/lib/node_modules", v => $"fnm node {NodeVersion(v[0])}"),
        (".fnm/node-versions/*/installation/lib/node_modules", v => $"fnm node {NodeVersion(v[0])}"),
        ("Library/Application Support/fnm/node-versions/*/installation/lib/node_modules", v => $"fnm node {NodeVersion(v[0])}"),

        // pnpm's global folder is versioned by its store layout (global/5 since pnpm 7); any version is read.
        (".local/share/pnpm/global/*/node_modules", _ => "pnpm"),
        ("Library/pnpm/global/*/node_modules", _ => "pnpm"),
        (".config/yarn/global/node_modules", _ => "yarn"),
        (".yarn/global/node_modules", _ => "yarn"),
        (".bun/install/global/node_modules", _ => "bun"),
        (".asdf/installs/nodejs/*/lib/node_modules", v => $"asdf node {NodeVersion(v[0])}"),
        (".local/share/mise/installs/node/*/lib/node_modules", v => $"mise node {NodeVersion(v[0])}"),
        (".local/share/mise/installs/nodejs/*/lib/node_modules", v => $"mise node {NodeVersion(v[0])}"),

        // Claude Code's own "local" install (claude migrate-installer) is an npm prefix of its own.
        (".claude/local/node_modules", _ => "claude local install"),
    ];

    public static List<Location> Find(InventoryContext context, IReadOnlyList<UserHome> homes)
    {
        var locations = new List<Location>();
        var prefixes = new List<(string Prefix, string? User)>();
        prefixes.AddRange(SystemPrefixes.Select(p => (p, (string?)null)));
        foreach (var npmrc in SystemNpmrcs)
        {
            if (ConfiguredPrefix(context, npmrc, home: null) is { } prefix)
            {
                prefixes.Add((prefix, null));
            }
        }

        foreach (var home in homes)
        {
            if (ConfiguredPrefix(context, home.Directory.ImagePath + "/.npmrc", home.Directory.ImagePath) is { } prefix)
            {
                prefixes.Add((prefix, home.User));
            }
        }

        foreach (var (prefix, user) in prefixes)
        {
            foreach (var (place, _) in context.Expand(prefix.TrimEnd('/') + "/lib/node_modules"))
            {
                locations.Add(new Location(place, "npm", user));
            }
        }

        foreach (var home in homes)
        {
            foreach (var (pattern, source) in HomePatterns)
            {
                foreach (var (place, wildcards) in context.Expand(home.Directory.ImagePath.TrimEnd('/') + "/" + pattern))
                {
                    locations.Add(new Location(place, source(wildcards), home.User));
                }
            }
        }

        return locations;
    }

    /// <summary>nvm, fnm and Volta name version folders <c>v20.11.0</c>; asdf and mise <c>20.11.0</c>. Rows say <c>20.11.0</c>.</summary>
    private static string NodeVersion(string folder) =>
        folder.Length > 1 && folder[0] == 'v' && char.IsAsciiDigit(folder[1]) ? folder[1..] : folder;

    /// <summary>
    /// The <c>prefix=</c> an npmrc sets, as a path in the tree: <c>~/</c> and <c>${HOME}</c> are the home the file
    /// is in; a relative prefix or one naming another variable cannot be placed without the environment npm ran
    /// with, and is a problem line.
    /// </summary>
    private static string? ConfiguredPrefix(InventoryContext context, string npmrcImagePath, string? home)
    {
        if (context.FileSystem.Resolve(npmrcImagePath) is not { IsDirectory: false } file)
        {
            return null;
        }

        var bytes = BoundedFile.Read(file, context.Options.MaxManifestBytes, out var problem);
        if (bytes is null)
        {
            context.Problems.Add(npmrcImagePath, problem!);
            return null;
        }

        string? prefix = null;
        foreach (var rawLine in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !string.Equals(line[..equals].Trim(), "prefix", StringComparison.Ordinal))
            {
                continue;
            }

            // The last one wins, as in npm's ini reader.
            prefix = line[(equals + 1)..].Trim().Trim('"', '\'');
        }

        if (string.IsNullOrEmpty(prefix))
        {
            return null;
        }

        if (home is not null)
        {
            prefix = prefix.Replace("${HOME}", home, StringComparison.Ordinal).Replace("$HOME", home, StringComparison.Ordinal);
            if (prefix == "~" || prefix.StartsWith("~/", StringComparison.Ordinal))
            {
                prefix = home + prefix[1..];
            }
        }

        if (!prefix.StartsWith('/') || prefix.Contains("${", StringComparison.Ordinal))
        {
            context.Problems.Add(npmrcImagePath, $"prefix \"{prefix}\" cannot be placed in the tree; its packages were not looked for");
            return null;
        }

        return prefix;
    }
}

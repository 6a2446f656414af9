using System.Security.Cryptography;
using Telltale.Artifacts;
using Telltale.Policy;

namespace Telltale.Inventory;

/// <summary>
/// Agent executables: on PATH and where agents' own installers put them. A file becomes a row when it
/// carries a JavaScript application (Bun, Node SEA, pkg) or has the name of a known agent — not every
/// binary in <c>/usr/bin</c>. A link into a package of a global <c>node_modules</c> is that package's
/// bin, already a row of its own, and is left out. Each row has the file's SHA-256, read as a stream.
/// </summary>
internal static class NativeExecutableLister
{
    /// <summary>
    /// File names of coding agents and AI developer tools that install as one executable (or a launcher under that name).
    /// </summary>
    public static IReadOnlySet<string> KnownAgentNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "claude", "codex", "gemini", "qwen", "qodercli", "cursor-agent", "copilot", "opencode", "amp",
        "goose", "crush", "droid", "auggie", "kilocode", "kilo", "kiro-cli", "qchat", "aider", "cline",
        "iflow", "plandex",
    };

    /// <summary>A folder to look in: image path pattern (<c>~</c> = a home), what rows say installed it, and how files there are named.</summary>
    private sealed record Place(string Pattern, string Source, string? FixedName = null, bool EveryFile = false);

    // Installers' own folders first: a PATH link into one is then already claimed, and the row keeps the installer's name.
    private static readonly Place[] HomePlaces =
    [
        // Claude Code's native installer keeps each build as versions/VERSION and links ~/.local/bin/claude to one.
        new("~/.local/share/claude/versions", "claude native installer", FixedName: "claude", EveryFile: true),
        new("~/.claude/local", "claude local install"),
        new("~/.local/share/cursor-agent/versions/*", "cursor-agent installer"),
        new("~/.cursor/bin", "cursor-agent installer"),
        new("~/.opencode/bin", "opencode installer"),
        new("~/.qoder/bin", "qoder installer"),
        new("~/.amp/bin", "amp installer"),
        new("~/.bun/bin", "bun"),
        new("~/.local/bin", "PATH"),
        new("~/bin", "PATH"),
    ];

    private static readonly Place[] SystemPlaces =
    [
        new("/usr/local/bin", "PATH"),
        new("/usr/bin", "PATH"),
        new("/bin", "PATH"),
        new("/opt/homebrew/bin", "PATH"),
        new("/snap/bin", "PATH"),
        new("/opt/*/bin", "PATH"),
    ];

    public static void List(InventoryContext context, IReadOnlyList<UserHome> homes)
    {
        foreach (var home in homes)
        {
            foreach (var place in HomePlaces)
            {
                ListPlace(context, place, place.Pattern.Replace("~", home.Directory.ImagePath.TrimEnd('/'), StringComparison.Ordinal), home.User);
            }
        }

        foreach (var place in SystemPlaces)
        {
            ListPlace(context, place, place.Pattern, user: null);
        }

        foreach (var extra in context.Options.ExtraPath)
        {
            if (extra.StartsWith('/'))
            {
                ListPlace(context, new Place(extra, "PATH"), extra, UserOf(extra, homes));
            }
        }
    }

    private static string? UserOf(string path, IReadOnlyList<UserHome> homes) =>
        homes.FirstOrDefault(h => path.StartsWith(h.Directory.ImagePath.TrimEnd('/') + "/", StringComparison.Ordinal))?.User;

    private static void ListPlace(InventoryContext context, Place place, string pattern, string? user)
    {
        foreach (var (folder, _) in context.Expand(pattern))
        {
            foreach (var (name, listed, target) in context.FileSystem.List(folder))
            {
                if (name.StartsWith('.') || target.IsDirectory || target.Length == 0)
                {
                    continue;
                }

                // npm, pnpm, yarn and bun link a package's bins into their bin folders; the package is a row already.
                if (target.ImagePath.Contains("/node_modules/", StringComparison.Ordinal))
                {
                    continue;
                }

                var known = place.EveryFile || KnownAgentNames.Contains(name);
                Inspect(context, place, name, listed, target, user, known);
            }
        }
    }

    private static void Inspect(InventoryContext context, Place place, string name, string listed, RootedPath file, string? user, bool known)
    {
        if (!context.Claim(InventoryItemKind.NativeExecutable, file.ImagePath))
        {
            return;
        }

        EmbeddedApplication.Found? embedded = null;
        if (file.Length <= context.Options.MaxExecutableBytes)
        {
            embedded = ReadEmbedded(context, file);
        }
        else if (known)
        {
            context.Problems.Add(listed, $"{file.Length} bytes, over the {context.Options.MaxExecutableBytes}-byte limit; hashed but not opened");
        }

        if (!known && embedded is null)
        {
            return;
        }

        var sha256 = Hash(context, file);
        var fileVersion = place.EveryFile ? name : null;
        context.Add(new InventoryItem
        {
            Kind = InventoryItemKind.NativeExecutable,
            Ecosystem = PolicyEcosystems.Native,
            Name = place.FixedName ?? name,
            Version = embedded?.Version ?? fileVersion,
            Path = file.ImagePath,
            Source = place.Source,
            User = user,
            Sha256 = sha256,
            EmbeddedPackage = embedded?.Package,
            EmbeddedVersion = embedded?.Version,
            Format = embedded?.Format,
        });
    }

    private static EmbeddedApplication.Found? ReadEmbedded(InventoryContext context, RootedPath file)
    {
        try
        {
            // Mapped, not read: the readers look at the headers and the last pages, and the kernel pages in only those.
            using var mapping = MappedFileMemory.Map(file.HostPath, file.Length);
            var found = EmbeddedApplication.Read(mapping.Memory, context.Options.MaxManifestBytes, out var problem);
            if (problem is not null)
            {
                context.Problems.Add(file.ImagePath, problem);
            }

            return found;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            context.Problems.Add(file.ImagePath, $"cannot read it: {e.Message}");
            return null;
        }
    }

    private static string? Hash(InventoryContext context, RootedPath file)
    {
        try
        {
            using var stream = new FileStream(file.HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Problems.Add(file.ImagePath, $"cannot hash it: {e.Message}");
            return null;
        }
    }
}

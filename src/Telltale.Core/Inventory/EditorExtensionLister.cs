using System.Text.RegularExpressions;
using Telltale.Policy;

namespace Telltale.Inventory;

/// <summary>
/// Extensions of VS Code and the editors built from it. Each extension is a folder named
/// <c>publisher.name-VERSION[-PLATFORM]</c> whose <c>package.json</c> says <c>publisher</c>, <c>name</c> and
/// <c>version</c>; the manifest is believed first, the folder name when the manifest cannot be read.
/// </summary>
internal static partial class EditorExtensionLister
{
    /// <summary>Each editor's extensions folder under a home, and the name rows give it.</summary>
    private static readonly (string Folder, string Editor)[] Editors =
    [
        (".vscode/extensions", "VS Code"),
        (".vscode-insiders/extensions", "VS Code Insiders"),
        (".vscode-oss/extensions", "VSCodium"),
        (".cursor/extensions", "Cursor"),
        (".windsurf/extensions", "Windsurf"),
        (".local/share/code-server/extensions", "code-server"),

        // What Remote-SSH, Dev Containers and WSL install on the machine they connect to: often the only editor on a server.
        (".vscode-server/extensions", "VS Code Server"),
        (".cursor-server/extensions", "Cursor Server"),
        (".windsurf-server/extensions", "Windsurf Server"),
    ];

    public static void List(InventoryContext context, IReadOnlyList<UserHome> homes)
    {
        foreach (var home in homes)
        {
            foreach (var (folder, editor) in Editors)
            {
                foreach (var (place, _) in context.Expand(home.Directory.ImagePath.TrimEnd('/') + "/" + folder))
                {
                    if (context.Claim(InventoryItemKind.EditorExtension, place.ImagePath))
                    {
                        ListFolder(context, place, editor, home.User);
                    }
                }
            }
        }
    }

    private static void ListFolder(InventoryContext context, RootedPath folder, string editor, string user)
    {
        foreach (var (name, listed, target) in context.FileSystem.List(folder))
        {
            // extensions.json and .obsolete are the editor's bookkeeping; .DS_Store and the like are not extensions.
            if (name.StartsWith('.') || !target.IsDirectory)
            {
                continue;
            }

            var (folderId, folderVersion) = FromFolderName(name);
            string? id = null;
            string? version = null;
            var manifestPath = target.ImagePath + "/package.json";
            if (context.FileSystem.Child(target, "package.json") is not { } manifestFile)
            {
                context.Problems.Add(listed, "no package.json: named from the folder");
            }
            else if (PackageManifest.Read(manifestFile, context.Options.MaxManifestBytes, out var problem) is not { } manifest)
            {
                context.Problems.Add(manifestPath, $"{problem}; named from the folder");
            }
            else
            {
                id = manifest.Publisher is { } publisher && manifest.Name is { } extensionName ? $"{publisher}.{extensionName}" : null;
                version = manifest.Version;
                if (id is null)
                {
                    context.Problems.Add(manifestPath, "package.json has no publisher and name strings; named from the folder");
                }
            }

            context.Add(new InventoryItem
            {
                Kind = InventoryItemKind.EditorExtension,
                Ecosystem = PolicyEcosystems.VSCode,
                Name = id ?? folderId,
                Version = version ?? folderVersion,
                Path = listed,
                Source = editor,
                User = user,
            });
        }
    }

    /// <summary>
    /// <c>publisher.name-1.2.3</c>, with the target platform the Marketplace appends for platform-specific
    /// builds (<c>-linux-x64</c>, <c>-darwin-arm64</c>, <c>-web</c>…) dropped; the whole name and no version when
    /// it has no such shape.
    /// </summary>
    internal static (string Id, string? Version) FromFolderName(string folder)
    {
        var withoutPlatform = PlatformSuffix().Replace(folder, "");
        var match = IdAndVersion().Match(withoutPlatform);
        return match.Success ? (match.Groups["id"].Value, match.Groups["version"].Value) : (folder, null);
    }

    [GeneratedRegex(@"-(?:(?:linux|darwin|win32|alpine)-(?:x64|arm64|armhf|ia32)|web|universal)$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex PlatformSuffix();

    [GeneratedRegex(@"^(?<id>[^.]+\..+)-(?<version>[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.]+)?)$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex IdAndVersion();
}

using Telltale.Policy;

namespace Telltale.Inventory;

/// <summary>
/// The top-level packages of a global <c>node_modules</c> folder (<c>name</c> and <c>@scope/name</c>), each named
/// by its folder, as npm names what it installed, and versioned by its <c>package.json</c>.
/// </summary>
internal static class NpmGlobalPackageLister
{
    public static void List(InventoryContext context, NpmGlobalPrefixes.Location location)
    {
        if (!context.Claim(InventoryItemKind.NpmGlobal, location.NodeModules.ImagePath))
        {
            return;
        }

        if (!location.NodeModules.IsDirectory)
        {
            context.Problems.Add(location.NodeModules.ImagePath, "is a file, not a folder of packages");
            return;
        }

        foreach (var (name, listed, target) in context.FileSystem.List(location.NodeModules))
        {
            // .bin, .package-lock.json, pnpm's .pnpm store, yarn's .yarn-integrity: bookkeeping, not packages.
            if (name.StartsWith('.') || !target.IsDirectory)
            {
                continue;
            }

            if (name.StartsWith('@'))
            {
                foreach (var (scoped, scopedListed, scopedTarget) in context.FileSystem.List(target))
                {
                    if (!scoped.StartsWith('.') && scopedTarget.IsDirectory)
                    {
                        Add(context, location, $"{name}/{scoped}", scopedListed, scopedTarget);
                    }
                }

                continue;
            }

            Add(context, location, name, listed, target);
        }
    }

    private static void Add(InventoryContext context, NpmGlobalPrefixes.Location location, string name, string listedPath, RootedPath package)
    {
        string? version = null;
        var manifestPath = package.ImagePath + "/package.json";
        if (context.FileSystem.Child(package, "package.json") is not { } manifestFile)
        {
            context.Problems.Add(listedPath, "no package.json: a folder in a global node_modules that is not a package");
        }
        else if (PackageManifest.Read(manifestFile, context.Options.MaxManifestBytes, out var problem) is not { } manifest)
        {
            context.Problems.Add(manifestPath, problem!);
        }
        else
        {
            version = manifest.Version;
            if (manifest.Name is { } declared && !string.Equals(declared, name, StringComparison.Ordinal))
            {
                context.Problems.Add(manifestPath, $"installed as {name} but its package.json names {declared}");
            }

            if (version is null)
            {
                context.Problems.Add(manifestPath, "package.json has no version string");
            }
        }

        context.Add(new InventoryItem
        {
            Kind = InventoryItemKind.NpmGlobal,
            Ecosystem = PolicyEcosystems.Npm,
            Name = name,
            Version = version,
            Path = listedPath,
            Source = location.Source,
            User = location.User,
        });
    }
}

namespace Telltale.Inventory;

/// <summary>The names of <see cref="InventoryItemKind"/> in every output: <c>npm-global</c>, <c>native-executable</c>, …</summary>
public static class InventoryItemKindNames
{
    private static readonly (InventoryItemKind Kind, string Name)[] Names =
    [
        (InventoryItemKind.NpmGlobal, "npm-global"),
        (InventoryItemKind.NativeExecutable, "native-executable"),
        (InventoryItemKind.EditorExtension, "editor-extension"),
        (InventoryItemKind.JetBrainsPlugin, "jetbrains-plugin"),
        (InventoryItemKind.LockfilePackage, "lockfile-package"),
        (InventoryItemKind.Named, "named"),
    ];

    public static string Name(InventoryItemKind kind) =>
        Names.FirstOrDefault(n => n.Kind == kind).Name ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    public static bool TryParse(string name, out InventoryItemKind kind)
    {
        foreach (var (k, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

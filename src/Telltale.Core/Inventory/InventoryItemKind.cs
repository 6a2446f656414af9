namespace Telltale.Inventory;

/// <summary>Where an inventory row came from.</summary>
public enum InventoryItemKind
{
    /// <summary>A package installed globally under an npm, nvm, volta, fnm, pnpm, yarn, bun, asdf or mise prefix.</summary>
    NpmGlobal,

    /// <summary>A native executable on PATH or where an agent installs itself.</summary>
    NativeExecutable,

    /// <summary>An extension of VS Code, Insiders, VSCodium, Cursor, Windsurf or code-server.</summary>
    EditorExtension,

    /// <summary>A JetBrains IDE plugin.</summary>
    JetBrainsPlugin,

    /// <summary>A package a lockfile pins (<c>package-lock.json</c>, <c>pnpm-lock.yaml</c>, <c>yarn.lock</c>).</summary>
    LockfilePackage,

    /// <summary>A package named on the command line (<c>check npm:NAME@VERSION</c>), not found on a machine.</summary>
    Named,
}

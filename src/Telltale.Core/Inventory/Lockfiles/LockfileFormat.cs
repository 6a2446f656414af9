namespace Telltale.Inventory.Lockfiles;

internal enum LockfileFormat
{
    Unknown,
    PackageLock,
    Pnpm,
    YarnClassic,
    YarnBerry,
}

namespace Telltale.Inventory;

/// <summary>
/// A place in the inventoried tree with every symbolic link along it already followed inside the root.
/// </summary>
/// <param name="ImagePath">
/// The canonical path as the machine sees it (<c>/home/alice/.nvm/…</c>), with no link, <c>.</c> or
/// <c>..</c> in it: what rows show.
/// </param>
/// <param name="HostPath">Where it is on this machine: the root followed by <paramref name="ImagePath"/>; never outside the root.</param>
/// <param name="IsDirectory">True for a directory, false for a file of any other type.</param>
/// <param name="Length">For a file, its length in bytes (0 for FIFOs, sockets and devices, which are never opened).</param>
internal readonly record struct RootedPath(string ImagePath, string HostPath, bool IsDirectory, long Length);

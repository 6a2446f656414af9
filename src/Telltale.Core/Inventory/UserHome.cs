namespace Telltale.Inventory;

/// <summary>A home directory in the tree and whose it is (the folder's name, <c>root</c> for <c>/root</c>).</summary>
internal sealed record UserHome(string User, RootedPath Directory);

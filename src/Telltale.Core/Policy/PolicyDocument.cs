namespace Telltale.Policy;

/// <summary>A loaded policy: its entries, those of every file and OSV directory it includes, in file order.</summary>
/// <param name="Name">The policy's <c>name</c>, or its file name.</param>
/// <param name="Entries">Every entry, ids unique.</param>
/// <param name="Files">Every file read, the top one first.</param>
public sealed record PolicyDocument(string Name, IReadOnlyList<PolicyEntry> Entries, IReadOnlyList<string> Files);

using Telltale.Findings;

namespace Telltale.Dependencies;

/// <summary>What <c>npm install</c> of one package would bring with it, as far as it could be resolved.</summary>
/// <param name="Root"><c>name@version</c> of the package installed.</param>
/// <param name="Packages">Every other package installed, breadth-first and by name within a level; each once.</param>
/// <param name="Problems">
/// Dependencies that could not be resolved (no matching version, an invalid name, a git or URL dependency, a registry
/// failure, the package cap): each makes the report incomplete, so a closure cut short is never read as clean.
/// </param>
public sealed record DependencyClosure(string Root, IReadOnlyList<ResolvedDependency> Packages, IReadOnlyList<IncompleteAnalysis> Problems);

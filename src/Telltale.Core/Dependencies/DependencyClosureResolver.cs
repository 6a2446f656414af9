using Telltale.Artifacts;
using Telltale.Findings;

namespace Telltale.Dependencies;

/// <summary>
/// What <c>npm install NAME@VERSION</c> would bring with it, read from the registry's abbreviated packuments (no
/// tarball is fetched): <c>dependencies</c>, <c>optionalDependencies</c> and the <c>peerDependencies</c> not marked
/// optional (npm 7 and later install those), never <c>devDependencies</c>; names the manifest bundles are in its
/// tarball and not fetched. Each range is resolved on its own to the version npm would pick
/// (<see cref="NpmDependency.PickVersion"/>: the <c>latest</c> tag when it fits, else the highest matching version),
/// and the closure holds each <c>name@version</c> once, so a cycle ends where it comes back.
/// <para>
/// An optional dependency whose manifest has <c>os</c> or <c>cpu</c> is a platform package: it is scanned inside the
/// report of the package that names it (see <see cref="TargetResolver"/>), so it is not a package of the closure, and
/// one for another platform is skipped as npm skips it; its own dependencies are followed when it fits. An optional
/// dependency the registry lacks, or with no matching version, is skipped as npm skips it; a required one is a
/// problem, as is an invalid name, a git, URL or file dependency, or a registry failure.
/// </para>
/// <para>
/// The closure is built breadth-first, a level at a time, each level in order of name, range, kind and requiring
/// package; packuments are fetched a few at once but used in that order, so the result never depends on timing. It
/// holds at most <see cref="MaxPackages"/> packages: the dependency that would exceed it, and every one not yet
/// followed, are left out and reported as a problem.
/// </para>
/// </summary>
public sealed class DependencyClosureResolver
{
    /// <summary>The cap <c>scan --max-deps</c> defaults to; large agents install a few hundred packages.</summary>
    public const int DefaultMaxPackages = 250;

    /// <summary>Problems listed one by one; a manifest with a million bad entries gives one more line, not a million.</summary>
    public const int MaxProblemsListed = 100;

    // Packuments fetched at once: enough to hide the registry's latency, few enough to be polite to it.
    private const int FetchBatch = 8;

    private readonly NpmRegistryClient _registry;

    /// <param name="registry">Where the packuments come from.</param>
    /// <param name="platform">Whose platform packages npm would install; null for none (<c>--platform none</c>).</param>
    /// <param name="maxPackages">The most packages the closure may hold, the target not counted.</param>
    public DependencyClosureResolver(NpmRegistryClient registry, NpmPlatform? platform, int maxPackages = DefaultMaxPackages)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPackages, 1);
        _registry = registry;
        Platform = platform;
        MaxPackages = maxPackages;
    }

    public NpmPlatform? Platform { get; }

    public int MaxPackages { get; }

    /// <summary>Resolves the closure of <paramref name="name"/>@<paramref name="version"/>; failures become <see cref="DependencyClosure.Problems"/>, never exceptions.</summary>
    public Task<DependencyClosure> ResolveAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        return new Resolution(this).RunAsync(name, version, cancellationToken);
    }

    private static string MapName(DependencyKind kind) => kind switch
    {
        DependencyKind.Optional => "optionalDependencies",
        DependencyKind.Peer => "peerDependencies",
        _ => "dependencies",
    };

    private static string Shown(string text) => EntryNames.Printable(text);

    /// <summary>One entry of a manifest's dependency maps, to be followed.</summary>
    private sealed record Edge(string Parent, string Key, string? Value, DependencyKind Kind)
    {
        /// <summary>Null when the entry names nothing npm fetches from the registry by name and range.</summary>
        public NpmDependency? Dependency { get; } = Value is null ? null : NpmDependency.Parse(Key, Value);

        public string Name => Dependency?.Name ?? Key;
    }

    private sealed record Fetched(NpmPackument? Packument, string? Error);

    /// <summary>The state of one resolution: a resolver can run several at once.</summary>
    private sealed class Resolution(DependencyClosureResolver owner)
    {
        private readonly Dictionary<string, Task<Fetched>> _packuments = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<ResolvedDependency> _packages = [];
        private readonly List<IncompleteAnalysis> _problems = [];
        private int _problemsNotListed;

        public async Task<DependencyClosure> RunAsync(string name, string version, CancellationToken cancellationToken)
        {
            var root = $"{name}@{version}";
            _seen.Add(root);
            var fetched = await FetchAsync(name, cancellationToken).ConfigureAwait(false);
            if (fetched.Packument?.Manifests.GetValueOrDefault(version) is not { } manifest)
            {
                Problem(root, fetched.Error is { } error
                    ? $"its manifest could not be read from the registry ({error}); its dependencies were not resolved or scanned"
                    : "the registry has no manifest of this version; its dependencies were not resolved or scanned",
                    reproducible: fetched.Error is null);
                return Closure(root, cap: null);
            }

            var level = EdgesOf(root, manifest);
            while (level.Count > 0)
            {
                var ordered = level
                    .OrderBy(e => e.Name, StringComparer.Ordinal)
                    .ThenBy(e => e.Value, StringComparer.Ordinal)
                    .ThenBy(e => e.Kind)
                    .ThenBy(e => e.Parent, StringComparer.Ordinal)
                    .ThenBy(e => e.Key, StringComparer.Ordinal)
                    .DistinctBy(e => (e.Name, e.Value, e.Kind))
                    .ToList();
                var next = new List<Edge>();
                for (var start = 0; start < ordered.Count; start += FetchBatch)
                {
                    var batch = ordered.GetRange(start, Math.Min(FetchBatch, ordered.Count - start));

                    // Fetched together, followed in order: what the closure holds never depends on which answer came first.
                    await Task.WhenAll(batch.Where(e => e.Dependency is not null).Select(e => FetchAsync(e.Dependency!.Name, cancellationToken)).ToList()).ConfigureAwait(false);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (!await FollowAsync(batch[i], next, cancellationToken).ConfigureAwait(false))
                        {
                            // This edge, the rest of the level and what the level's packages need are all left out.
                            return Closure(root, cap: ordered.Count - (start + i) + next.Count);
                        }
                    }
                }

                level = next;
            }

            return Closure(root, cap: null);
        }

        /// <returns>False when the edge needs a new package and the closure is full.</returns>
        private async Task<bool> FollowAsync(Edge edge, List<Edge> next, CancellationToken cancellationToken)
        {
            var map = MapName(edge.Kind);
            if (edge.Value is null)
            {
                Problem(edge.Parent, $"'{Shown(edge.Key)}' in its {map} has no version string; it was not resolved or scanned");
                return true;
            }

            if (edge.Dependency is not { } dependency)
            {
                Problem(edge.Parent, NpmPackageSpec.IsValidName(edge.Key)
                    ? $"{edge.Key} '{Shown(edge.Value)}' in its {map} is not a registry version or range (git, URL, file and workspace dependencies are not followed); it was not scanned"
                    : $"'{Shown(edge.Key)}' in its {map} is not a valid npm package name; it was not resolved or scanned");
                return true;
            }

            var optional = edge.Kind == DependencyKind.Optional;
            var selector = Shown(dependency.Selector);
            var fetched = await FetchAsync(dependency.Name, cancellationToken).ConfigureAwait(false);
            if (fetched.Error is { } error)
            {
                Problem(edge.Parent, $"{dependency.Name} '{selector}' in its {map} could not be read from the registry ({error}); it was not scanned", reproducible: false);
                return true;
            }

            if (fetched.Packument is not { } packument)
            {
                // npm skips an optional dependency it cannot install; a required one fails the install.
                if (!optional)
                {
                    Problem(edge.Parent, $"{dependency.Name} '{selector}' in its {map} is not on the registry; npm install would fail, and nothing was scanned in its place");
                }

                return true;
            }

            var picked = dependency.PickVersion(packument.Versions, packument.DistTags);
            if (picked is null)
            {
                if (!optional)
                {
                    Problem(edge.Parent, $"no published version of {dependency.Name} matches '{selector}' in its {map}; npm install would fail, and nothing was scanned in its place");
                }

                return true;
            }

            if (!NpmRegistryClient.IsUsableVersion(picked) || NpmDependency.ParseVersion(picked) is null || !packument.Manifests.TryGetValue(picked, out var manifest))
            {
                Problem(edge.Parent, $"{dependency.Name} '{selector}' in its {map} resolves to the unusable version '{Shown(picked)}'; it was not scanned");
                return true;
            }

            var key = $"{dependency.Name}@{picked}";
            if (optional && manifest.Requirements.IsPlatformSpecific)
            {
                // A platform package: scanned with the package that names it when it fits the platform, skipped otherwise.
                if (owner.Platform is { } platform && manifest.Requirements.Accepts(platform) && _seen.Add(key))
                {
                    next.AddRange(EdgesOf(key, manifest));
                }

                return true;
            }

            if (_seen.Contains(key))
            {
                return true;
            }

            if (_packages.Count >= owner.MaxPackages)
            {
                return false;
            }

            _seen.Add(key);
            _packages.Add(new ResolvedDependency(dependency.Name, picked, edge.Kind, edge.Parent));
            next.AddRange(EdgesOf(key, manifest));
            return true;
        }

        /// <summary>
        /// The entries npm follows, each name once: an optional dependency overrides a regular one of the same name, a
        /// regular one a peer, as npm reads them. Bundled names ship in the tarball and optional peers are not installed.
        /// </summary>
        private static List<Edge> EdgesOf(string parent, NpmManifest manifest)
        {
            var edges = new List<Edge>();
            var named = new HashSet<string>(StringComparer.Ordinal);
            void Add(IEnumerable<KeyValuePair<string, string?>> map, DependencyKind kind)
            {
                foreach (var (key, value) in map)
                {
                    var bundled = manifest.Bundled.Contains(key) || (manifest.BundlesAllDependencies && kind != DependencyKind.Peer);
                    if (!bundled && named.Add(key))
                    {
                        edges.Add(new Edge(parent, key, value, kind));
                    }
                }
            }

            Add(manifest.OptionalDependencies, DependencyKind.Optional);
            Add(manifest.Dependencies, DependencyKind.Dependency);
            Add(manifest.PeerDependencies.Where(p => !manifest.OptionalPeers.Contains(p.Key)), DependencyKind.Peer);
            return edges;
        }

        private Task<Fetched> FetchAsync(string name, CancellationToken cancellationToken)
        {
            if (!_packuments.TryGetValue(name, out var fetch))
            {
                fetch = FetchOnceAsync(name, cancellationToken);
                _packuments[name] = fetch;
            }

            return fetch;
        }

        private async Task<Fetched> FetchOnceAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                return new Fetched(await owner._registry.GetPackumentAsync(name, cancellationToken).ConfigureAwait(false), null);
            }
            catch (TargetException error)
            {
                return new Fetched(null, error.Message);
            }
        }

        private void Problem(string path, string reason, bool reproducible = true)
        {
            if (_problems.Count >= MaxProblemsListed)
            {
                _problemsNotListed++;
                return;
            }

            _problems.Add(new IncompleteAnalysis(path, IncompleteAnalysis.DependenciesAnalysis, reason, reproducible));
        }

        /// <param name="cap">The dependency entries left unfollowed when the cap was reached; null when it was not.</param>
        private DependencyClosure Closure(string root, int? cap)
        {
            List<IncompleteAnalysis> problems = [.. _problems];
            if (_problemsNotListed > 0)
            {
                problems.Add(new IncompleteAnalysis(root, IncompleteAnalysis.DependenciesAnalysis,
                    $"{_problemsNotListed} more dependencies could not be resolved (the first {MaxProblemsListed} are listed)"));
            }

            if (cap is { } leftOut)
            {
                problems.Add(new IncompleteAnalysis(root, IncompleteAnalysis.DependenciesAnalysis,
                    $"the closure reached the cap of {owner.MaxPackages} packages (--max-deps); {leftOut} more dependency {(leftOut == 1 ? "entry was" : "entries were")} not followed, so what they install was not scanned"));
            }

            return new DependencyClosure(root, [.. _packages], problems);
        }
    }
}

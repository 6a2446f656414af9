using System.Diagnostics;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tracking.Store;

/// <summary>
/// Reports from the store when the same artifact was scanned with the same tool, rules and options, and
/// a fresh scan (then saved) otherwise. An exact <c>npm:name@version</c> already stored is answered
/// without the registry, the tarball or a hash: that is what makes a repeated <c>history</c> fast. Safe
/// to call from several threads at once; each finished scan is saved before it is returned, so an
/// interrupted run keeps every scan that completed.
/// </summary>
public sealed class StoredScanSource : IScanSource
{
    private readonly IScanStore _store;
    private readonly TargetResolver _resolver;
    private readonly Scanner _scanner;

    /// <param name="store">Where reports are looked up and saved; the caller owns and disposes it.</param>
    /// <param name="resolver">Resolves targets; its <see cref="TargetResolver.Platform"/> is part of what an npm scan is.</param>
    /// <param name="options">The scan options; their <see cref="ScanFingerprint"/> decides which stored reports fit.</param>
    /// <param name="rulePacks">
    /// The files whose packs <see cref="ScanOptions.Rules"/> adds to the embedded default, so each saved scan
    /// records them; null when not known, and then a scan with <see cref="ScanOptions.Rules"/> set is saved
    /// without settings rather than with a guess.
    /// </param>
    public StoredScanSource(IScanStore store, TargetResolver resolver, ScanOptions options, IReadOnlyList<RulePackFile>? rulePacks = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _resolver = resolver;
        _scanner = new Scanner(options, resolver);
        Fingerprint = ScanFingerprint.Compute(options);
        Settings = rulePacks is not null || options.Rules is null ? new ScanSettings(rulePacks ?? [], options.AnalyzeBehaviour) : null;
    }

    /// <summary>The fingerprint reports are stored and looked up under.</summary>
    public string Fingerprint { get; }

    /// <summary>What each saved scan records about its rules and options; null when the rule packs are not known.</summary>
    public ScanSettings? Settings { get; }

    public async Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default) =>
        (await GetWithOriginAsync(target, progress, cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>As <see cref="GetAsync"/>, saying whether the report came from the store.</summary>
    /// <exception cref="TargetException">when the target cannot be had; the message is one printable line.</exception>
    /// <exception cref="StoreException">when the store cannot be read or written.</exception>
    public async Task<StoredScanResult> GetWithOriginAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var clock = Stopwatch.StartNew();
        progress?.Report(new ScanProgress("resolve", target, 0, 0));
        var platform = _resolver.Platform?.ToString() ?? NpmPlatform.NoneText;

        NpmPackageSpec? spec = null;
        if (NpmPackageSpec.IsNpmSpec(target))
        {
            spec = NpmPackageSpec.Parse(target);
            var version = await _resolver.ResolveNpmVersionAsync(spec, cancellationToken).ConfigureAwait(false);
            if (_store.TryGetNpm(spec.Name, version, platform, Fingerprint) is { } stored)
            {
                return new StoredScanResult(stored, FromStore: true);
            }

            // Pinned, so a tag that moves between the two registry reads cannot scan another version than was looked up.
            target = $"{NpmPackageSpec.Prefix}{spec.Name}@{version}";
        }

        var resolved = await _resolver.ResolveAsync(target, cancellationToken).ConfigureAwait(false);
        if (_store.TryGet(resolved, Fingerprint) is { } known)
        {
            LinkNpm(spec, resolved, platform);
            return new StoredScanResult(known, FromStore: true);
        }

        var report = _scanner.ScanResolved(resolved, progress, cancellationToken);
        report = report with { Statistics = report.Statistics with { Elapsed = clock.Elapsed } };
        if (report.Incomplete.Any(i => !i.Reproducible))
        {
            // Cut short by something of this machine's (a backstop, a crash): a rescan may find more, so this
            // report is shown once and never handed out again in place of a scan.
            return new StoredScanResult(report, FromStore: false);
        }

        // A report cut short by a work budget is kept: a rescan would cut it at the same place, and it reads back
        // with its "complete: false" and its incomplete analyses, never as a complete one.
        _store.Save(report, Fingerprint, platform, Settings);
        if (spec is not null && spec.Name != resolved.Name)
        {
            LinkNpm(spec, resolved, platform);
        }

        return new StoredScanResult(report, FromStore: false);
    }

    /// <summary>Lets the next request by the same npm name and version skip the registry and the tarball.</summary>
    private void LinkNpm(NpmPackageSpec? spec, ResolvedTarget resolved, string platform)
    {
        if (resolved.Source != TargetResolver.NpmSource || resolved.Version is not { } version)
        {
            return;
        }

        _store.LinkNpm(spec?.Name ?? resolved.Name, version, platform, Fingerprint, resolved);
        if (resolved.Platform is null && platform != NpmPlatform.NoneText)
        {
            // No platform packages: the package scans the same for every platform, "none" included.
            _store.LinkNpm(spec?.Name ?? resolved.Name, version, NpmPlatform.NoneText, Fingerprint, resolved);
        }
    }
}

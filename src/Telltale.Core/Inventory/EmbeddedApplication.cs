using System.Text;
using System.Text.RegularExpressions;
using Telltale.Artifacts;
using Telltale.Artifacts.Native;

namespace Telltale.Inventory;

/// <summary>
/// What JavaScript application an executable carries (Bun <c>--compile</c>, Node SEA, pkg) and which npm
/// package that is, read with the scanner's own payload readers and never run. The package is the one the
/// embedded <c>package.json</c> nearest the payload's root names; a build that embeds none (Claude Code's
/// native builds do not) is named by the constants its bundler wrote into the entry script
/// (<c>PACKAGE_URL:"@anthropic-ai/claude-code",…,VERSION:"2.1.198"</c>), when they are there.
/// </summary>
internal static partial class EmbeddedApplication
{
    /// <summary>
    /// pkg is found by a search of the whole file for its prelude; a pkg executable carries a whole Node binary,
    /// so smaller files are not searched, and a PATH folder of small system binaries is not read end to end.
    /// </summary>
    public const long MinPkgBytes = 16L * 1024 * 1024;

    /// <summary>Stores of a pkg executable are inflated up to this much in total to read its manifest.</summary>
    private const long MaxPkgDecompressedBytes = 256L * 1024 * 1024;

    /// <summary>How far after <c>PACKAGE_URL:"</c> the <c>VERSION:"</c> of the same constants object is looked for.</summary>
    private const int ConstantsWindow = 1024;

    private static readonly byte[] PackageConstant = "PACKAGE_URL:\""u8.ToArray();
    private static readonly byte[] VersionConstant = "VERSION:\""u8.ToArray();

    /// <summary>What was found: the format, and the package and version when something names them.</summary>
    public sealed record Found(string Format, string? Package, string? Version);

    /// <summary>
    /// The embedded application of an executable, or null when it carries none. Telling that is cheap (the headers
    /// and the last pages; the pkg search only in large files); only an executable that does carry one is read further.
    /// </summary>
    /// <param name="problem">Set when the marks of an application are there but no payload reads.</param>
    public static Found? Read(ReadOnlyMemory<byte> file, int maxManifestBytes, out string? problem)
    {
        problem = null;
        var span = file.Span;
        if (!NativeImage.HasNativeMagic(span))
        {
            return null;
        }

        var image = NativeImage.TryRead(span, out _);
        var isBun = BunModuleGraphReader.Contains(span, image);
        var isSea = NodeSeaReader.Contains(image);
        var isPkg = file.Length >= MinPkgBytes && PkgReader.Contains(span, image);
        if (!isBun && !isSea && !isPkg)
        {
            return null;
        }

        var payloads = new List<EmbeddedPayload>();
        var problems = new List<string>();
        (bool Present, string Format, Func<IEnumerable<EmbeddedPayload>> Read)[] readers =
        [
            (isBun, BunModuleGraphReader.Format, () => BunModuleGraphReader.ReadAll(file, image)),
            (isSea, NodeSeaReader.Format, () => NodeSeaReader.TryRead(file, image) is { } sea ? [sea] : []),
            (isPkg, PkgReader.Format, () => PkgReader.TryRead(file, image, MaxPkgDecompressedBytes) is { } pkg ? [pkg] : []),
        ];
        foreach (var (present, format, read) in readers)
        {
            if (!present)
            {
                continue;
            }

            try
            {
                payloads.AddRange(read().Where(p => p.Files.Count > 0));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The readers promise not to throw on bad input; one that does is a problem line, not a failed run.
                problems.Add($"the {format} reader failed ({e.Message})");
            }
        }

        if (payloads.Count == 0)
        {
            problem = problems.Count > 0 ? string.Join("; ", problems) : "carries the marks of an embedded application but none reads";
            return new Found(isBun ? BunModuleGraphReader.Format : isSea ? NodeSeaReader.Format : PkgReader.Format, null, null);
        }

        foreach (var payload in payloads)
        {
            if (FromManifest(payload, maxManifestBytes) is { } named)
            {
                return named;
            }
        }

        foreach (var payload in payloads)
        {
            if (FromBuildConstants(payload) is { } named)
            {
                return named;
            }
        }

        return new Found(payloads[0].Format, null, null);
    }

    /// <summary>The <c>package.json</c> nearest the root of the payload, outside any <c>node_modules</c>.</summary>
    private static Found? FromManifest(EmbeddedPayload payload, int maxManifestBytes)
    {
        var manifest = payload.Files
            .Where(f => (f.Name == "package.json" || f.Name.EndsWith("/package.json", StringComparison.Ordinal))
                && !f.Name.Contains("/node_modules/", StringComparison.Ordinal)
                && f.Content.Length <= maxManifestBytes)
            .OrderBy(f => f.Name.Count(c => c == '/'))
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => PackageManifest.Parse(f.Content, out _))
            .FirstOrDefault(m => m?.Name is not null);
        return manifest is null ? null : new Found(payload.Format, manifest.Name, manifest.Version);
    }

    /// <summary>The package and version constants a bundler inlined into a script of the payload, when it has them.</summary>
    private static Found? FromBuildConstants(EmbeddedPayload payload)
    {
        foreach (var file in payload.Files.Where(f => f.Kind != EmbeddedContentKind.Asset).OrderByDescending(f => f.IsEntryPoint))
        {
            var span = file.Content.Span;
            var at = span.IndexOf(PackageConstant);
            while (at >= 0)
            {
                var rest = span[(at + PackageConstant.Length)..];
                var package = QuotedText(rest);
                var window = rest[..Math.Min(rest.Length, ConstantsWindow)];
                var versionAt = window.IndexOf(VersionConstant);
                var version = versionAt < 0 ? null : QuotedText(window[(versionAt + VersionConstant.Length)..]);
                if (package is not null && NpmName().IsMatch(package) && version is not null && VersionText().IsMatch(version))
                {
                    return new Found(payload.Format, package, version);
                }

                var next = rest.IndexOf(PackageConstant);
                at = next < 0 ? -1 : at + PackageConstant.Length + next;
            }
        }

        return null;
    }

    /// <summary>The text up to the closing quote, when it is short and plain ASCII.</summary>
    private static string? QuotedText(ReadOnlySpan<byte> after)
    {
        var end = after[..Math.Min(after.Length, 215)].IndexOf((byte)'"');
        return end <= 0 ? null : Encoding.ASCII.GetString(after[..end]);
    }

    [GeneratedRegex(@"^(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex NpmName();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]+)?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex VersionText();
}

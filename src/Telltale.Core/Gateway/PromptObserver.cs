using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telltale.Gateway;

/// <summary>
/// Reads the client-written strings of an API request (the fields <see cref="ClientTextFields"/> names, the same ones
/// the rewriter normalises) for what observe mode reports: date forms and versions the client states in its prompt.
/// A body the rewriter would refuse yields <see cref="PromptObservation.None"/>; the refusal is the rewriter's to report.
/// </summary>
public static partial class PromptObserver
{
    /// <summary>Date forms kept per request: enough to see every form a client uses, bounded for a hostile body.</summary>
    public const int MaxDatesPerRequest = 64;

    /// <summary>Observes an identity-encoded (uncompressed) body sent to <paramref name="path"/>.</summary>
    public static PromptObservation Observe(string path, ReadOnlyMemory<byte> body, GatewayLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits ??= GatewayLimits.Default;
        var shape = LlmRequestRewriter.ShapeOf(path);
        if (shape == ApiShape.Unknown || body.Length > limits.MaxDecodedBytes)
        {
            return PromptObservation.None;
        }

        var dates = new List<DateFormUse>();
        var stated = new List<StatedVersion>();
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
            foreach (var (fieldPath, value) in ClientTextFields.Of(shape, document.RootElement))
            {
                var text = value.GetString() ?? "";
                var display = JsonStringLocator.Display(fieldPath);
                foreach (var form in DateFormFinder.FormsIn(text))
                {
                    if (dates.Count < MaxDatesPerRequest && !dates.Exists(d => d.JsonPath == display && d.Form == form))
                    {
                        dates.Add(new DateFormUse(display, form));
                    }
                }

                foreach (var product in ClientIdentification.Products)
                {
                    if (product.BodyVersionMarker is { } marker && StatedVersionAfter(text, marker) is { } version
                        && !stated.Exists(s => s.Product == product && s.Version == version))
                    {
                        stated.Add(new StatedVersion(product, version, display));
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return PromptObservation.None;
        }

        return dates.Count == 0 && stated.Count == 0 ? PromptObservation.None : new PromptObservation(dates, stated);
    }

    /// <summary>The release after <paramref name="marker"/>: <c>cc_version=2.1.91.e3c</c> states 2.1.91 (the build suffix is not part of the package version).</summary>
    private static string? StatedVersionAfter(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var release = Release().Match(text, at + marker.Length);
        return release.Success && release.Index == at + marker.Length ? release.Value : null;
    }

    [GeneratedRegex(@"[0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6}", RegexOptions.CultureInvariant)]
    private static partial Regex Release();
}

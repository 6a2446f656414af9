using System.Text.Json;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Scanning;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// Lets every tracking verb take a saved report wherever it takes a scan target: a target that is an
/// existing <c>.json</c> file holding a Telltale report is read; anything else (including a JSON file that
/// is not a report, such as a <c>package.json</c>) goes to the inner source.
/// </summary>
public sealed class SavedReportSource(IScanSource inner) : IScanSource
{
    public async Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !File.Exists(target))
        {
            return await inner.GetAsync(target, progress, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(new ScanProgress("read", target, 0, 0));
        JsonDocument document;
        try
        {
            var stream = File.OpenRead(target);
            await using (stream.ConfigureAwait(false))
            {
                document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 256 }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException)
        {
            return await inner.GetAsync(target, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new TargetException($"cannot read {target}: {error.Message}", error);
        }

        using (document)
        {
            if (!IsTelltaleReport(document.RootElement))
            {
                return await inner.GetAsync(target, progress, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return JsonReportReader.Read(document.RootElement);
            }
            catch (InvalidDataException error)
            {
                // A report this build cannot read (another major version, a damaged field) is not something to scan as a file.
                throw new TargetException($"{target}: not a readable telltale report: {error.Message}", error);
            }
        }
    }

    private static bool IsTelltaleReport(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("schemaVersion", out _)
        && root.TryGetProperty("tool", out var tool)
        && tool.ValueKind == JsonValueKind.Object
        && tool.TryGetProperty("name", out var name)
        && name.ValueKind == JsonValueKind.String
        && name.GetString() == JsonReportWriter.ToolName;
}

using System.Globalization;
using System.Text;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Reports;

namespace Telltale.Probing.Evidence;

/// <summary>
/// Writes an evidence bundle (layout in docs/probe.md): the matrix as YAML, the report as JSON and Markdown, one file of
/// captured requests per run, and <c>evidence.json</c> last, so a bundle cut short by a failure has no manifest and
/// cannot be replayed by mistake. Requests are written as the JSON report writes them, redacted (<c>Capture/SecretRedaction.Published</c>).
/// </summary>
public static class EvidenceBundleWriter
{
    public const string MatrixFile = "matrix.yaml";
    public const string ReportFile = "report.json";
    public const string ReportMarkdownFile = "report.md";
    public const string RequestsFolder = "requests";

    /// <summary>Why <paramref name="directory"/> cannot take a bundle (it is a file, or a folder that is not empty), or null.</summary>
    public static string? Problem(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
        {
            return $"{directory} is a file";
        }

        return Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any()
            ? $"{directory} is not empty; a bundle gets a folder of its own"
            : null;
    }

    /// <exception cref="ProbeException">The folder cannot take a bundle or the matrix cannot be recorded replayably.</exception>
    public static EvidenceManifest Write(string directory, ProbeReport report, EvidenceCommand command, IReadOnlyList<ProgramFingerprint> programs)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(programs);
        if (Problem(directory) is { } problem)
        {
            throw new ProbeException($"cannot write the evidence bundle: {problem}");
        }

        var matrix = ProbeMatrixWriter.Write(report.Matrix);
        Directory.CreateDirectory(directory);
        Save(directory, MatrixFile, matrix);
        Save(directory, ReportFile, ProbeJsonWriter.Write(report));
        Save(directory, ReportMarkdownFile, ProbeMarkdownWriter.Write(report));

        var slugs = VariantSlugs.Assign([.. report.Matrix.Variants.Select(v => v.Name)]);
        var slugOf = report.Matrix.Variants.Select((v, i) => (v.Name, Slug: slugs[i])).ToDictionary(p => p.Name, p => p.Slug, StringComparer.Ordinal);
        var runs = new List<EvidenceRunFile>();
        foreach (var outcome in report.Runs)
        {
            var run = outcome.Run;
            var slug = slugOf.GetValueOrDefault(run.Variant) ?? throw new ProbeException($"run of '{run.Variant}', a variant the matrix does not have");
            var path = string.Create(CultureInfo.InvariantCulture, $"{RequestsFolder}/{slug}/run-{run.Repeat}.json");
            Save(directory, path, RunFile(outcome));
            runs.Add(new EvidenceRunFile(run.Variant, run.Repeat, path, run.Requests.Count));
        }

        var manifest = new EvidenceManifest
        {
            SchemaVersion = EvidenceManifest.CurrentSchemaVersion,
            ToolVersion = report.ToolVersion,
            ProbedAt = report.StartedAt,
            Command = command,
            Programs = programs,
            MatrixFile = MatrixFile,
            ReportFile = ReportFile,
            ReportMarkdownFile = ReportMarkdownFile,
            Runs = runs,
            Channels = report.Channels.Count,
        };
        Save(directory, EvidenceManifest.FileName, ManifestJson(manifest));
        return manifest;
    }

    private static void Save(string directory, string relative, string text)
    {
        var path = Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static string RunFile(Running.ProbeRunOutcome outcome)
    {
        var json = new JsonEmitter();
        json.StartObject();
        json.String("variant", outcome.Run.Variant);
        json.Number("repeat", outcome.Run.Repeat);
        json.Number("exitCode", outcome.Run.ExitCode);
        json.Boolean("timedOut", outcome.TimedOut);
        json.StartArray("requests");
        foreach (var request in outcome.Run.Requests)
        {
            Reports.ProbeJsonWriter.WriteRequest(json, request);
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }

    private static string ManifestJson(EvidenceManifest manifest)
    {
        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", manifest.SchemaVersion);
        json.String("tool", "telltale probe");
        json.String("toolVersion", manifest.ToolVersion);
        json.String("probedAt", manifest.ProbedAt.ToString("O", CultureInfo.InvariantCulture));
        json.StartObject("command");
        json.Strings("argv", manifest.Command.Arguments);
        json.StartObject("workingDirectory");
        json.String("mode", manifest.Command.WorkingDirectory is null ? "fresh" : "directory");
        if (manifest.Command.WorkingDirectory is { } folder)
        {
            json.String("path", folder);
        }

        json.EndObject();
        json.Number("timeoutSeconds", manifest.Command.Timeout.TotalSeconds);
        json.String("telltaleVersion", manifest.Command.TelltaleVersion);
        json.EndObject();
        json.StartArray("programs");
        foreach (var program in manifest.Programs)
        {
            json.StartObject();
            json.Number("argument", program.ArgumentIndex);
            json.String("word", program.Argument);
            json.String("path", program.Path);
            json.String("kind", program.Kind.ToString().ToLowerInvariant());
            json.String("sha256", program.Sha256);
            json.Number("files", program.Files);
            json.EndObject();
        }

        json.EndArray();
        json.String("matrix", manifest.MatrixFile);
        json.String("report", manifest.ReportFile);
        json.String("reportMarkdown", manifest.ReportMarkdownFile);
        json.Number("channels", manifest.Channels);
        json.StartArray("runs");
        foreach (var run in manifest.Runs)
        {
            json.StartObject();
            json.String("variant", run.Variant);
            json.Number("repeat", run.Repeat);
            json.Number("requests", run.Requests);
            json.String("file", run.Path);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }
}

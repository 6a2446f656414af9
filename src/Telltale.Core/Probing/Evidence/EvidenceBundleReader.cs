using System.Globalization;
using System.Text;
using System.Text.Json;
using Telltale.Probing.Matrix;

namespace Telltale.Probing.Evidence;

/// <summary>
/// Reads a bundle <see cref="EvidenceBundleWriter"/> wrote, or anyone else did: every file is read within a size
/// limit, every path the manifest names is checked to stay in the bundle (<see cref="BundlePaths"/>), and anything
/// malformed is a <see cref="ProbeException"/> with one line saying what.
/// </summary>
public static class EvidenceBundleReader
{
    private const long MaxManifestBytes = 4L * 1024 * 1024;
    private const long MaxMatrixBytes = 1024 * 1024;
    private const long MaxReportBytes = 512L * 1024 * 1024;
    private const int MaxArguments = 4096;
    private const int MaxRuns = 200 * 20;

    public static EvidenceBundle Read(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new ProbeException($"no evidence bundle at {directory}: not a folder");
        }

        var manifest = ReadManifest(directory);
        var matrixText = ReadText(directory, manifest.MatrixFile, MaxMatrixBytes);
        var matrix = ProbeMatrixLoader.Parse(matrixText, manifest.MatrixFile);
        IReadOnlyList<ChannelSignature> channels;
        try
        {
            using var report = JsonDocument.Parse(ReadText(directory, manifest.ReportFile, MaxReportBytes));
            channels = ChannelSignatures.Read(report.RootElement, manifest.ReportFile);
        }
        catch (JsonException error)
        {
            throw new ProbeException($"{manifest.ReportFile}: not valid JSON: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            throw new ProbeException($"{manifest.ReportFile}: {error.Message}", error);
        }

        return new EvidenceBundle(Path.GetFullPath(directory), manifest, matrix, channels);
    }

    private static EvidenceManifest ReadManifest(string directory)
    {
        try
        {
            using var document = JsonDocument.Parse(ReadText(directory, EvidenceManifest.FileName, MaxManifestBytes));
            return Manifest(directory, document.RootElement);
        }
        catch (JsonException error)
        {
            throw new ProbeException($"{EvidenceManifest.FileName}: not valid JSON: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            throw new ProbeException($"{EvidenceManifest.FileName}: {error.Message}", error);
        }
    }

    private static EvidenceManifest Manifest(string directory, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("not an object");
        }

        var schema = Text(root, "schemaVersion");
        if (!schema.StartsWith("1.", StringComparison.Ordinal))
        {
            throw Bad($"schema version '{schema}' is not one this telltale reads (1.x)");
        }

        var command = Object(root, "command");
        var argv = Strings(command, "argv");
        if (argv.Count is 0 or > MaxArguments || argv[0].Length == 0 || argv.Any(a => a.Contains('\0', StringComparison.Ordinal)))
        {
            throw Bad("command.argv must name a program and hold at most 4096 arguments without NUL characters");
        }

        var workingDirectory = Object(command, "workingDirectory");
        var folder = Text(workingDirectory, "mode") switch
        {
            "fresh" => null,
            "directory" => Text(workingDirectory, "path") is { Length: > 0 } path && Path.IsPathRooted(path) ? path : throw Bad("command.workingDirectory.path must be an absolute path"),
            var mode => throw Bad($"command.workingDirectory.mode '{mode}' is neither fresh nor directory"),
        };
        var timeout = Number(command, "timeoutSeconds");
        if (timeout is < 1 or > 86_400)
        {
            throw Bad("command.timeoutSeconds must be from 1 to 86400");
        }

        var programs = Array(root, "programs").Select(program =>
        {
            var index = (int)Integer(program, "argument", 0, argv.Count - 1);
            var sha256 = Text(program, "sha256");
            if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            {
                throw Bad("a program's sha256 is not 64 lower-case hex digits");
            }

            var kind = Enum.TryParse<ProgramFileKind>(Text(program, "kind"), ignoreCase: true, out var k) && Enum.IsDefined(k)
                ? k
                : throw Bad($"a program's kind '{Text(program, "kind")}' is not executable, file or folder");
            return new ProgramFingerprint(index, argv[index], Text(program, "path"), kind, sha256, (int)Integer(program, "files", 0, int.MaxValue));
        }).ToList();
        if (programs.Select(p => p.ArgumentIndex).Distinct().Count() != programs.Count)
        {
            throw Bad("two program hashes name the same argument");
        }

        var runs = Array(root, "runs").Select(run => new EvidenceRunFile(
            Text(run, "variant"),
            (int)Integer(run, "repeat", 0, 1000),
            Checked(directory, Text(run, "file")),
            (int)Integer(run, "requests", 0, int.MaxValue))).ToList();
        if (runs.Count > MaxRuns)
        {
            throw Bad($"more than {MaxRuns} runs");
        }

        return new EvidenceManifest
        {
            SchemaVersion = schema,
            ToolVersion = Text(root, "toolVersion"),
            ProbedAt = DateTimeOffset.TryParse(Text(root, "probedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : throw Bad("probedAt is not a date"),
            Command = new EvidenceCommand(argv, folder, TimeSpan.FromSeconds(timeout), Text(command, "telltaleVersion")),
            Programs = programs,
            MatrixFile = Checked(directory, Text(root, "matrix")),
            ReportFile = Checked(directory, Text(root, "report")),
            ReportMarkdownFile = Checked(directory, Text(root, "reportMarkdown")),
            Runs = runs,
            Channels = (int)Integer(root, "channels", 0, int.MaxValue),
        };
    }

    /// <summary>The relative path as given, once it is known to stay inside the bundle.</summary>
    private static string Checked(string directory, string relative)
    {
        BundlePaths.Resolve(directory, relative);
        return relative;
    }

    private static string ReadText(string directory, string relative, long maxBytes)
    {
        var path = BundlePaths.Resolve(directory, relative);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new ProbeException($"the bundle has no {relative}");
            }

            if (file.Length > maxBytes)
            {
                throw new ProbeException($"{relative} is larger than {maxBytes / (1024 * 1024)} MiB");
            }

            return File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new ProbeException($"cannot read {relative}: {error.Message}", error);
        }
    }

    private static ProbeException Bad(string problem) => new($"{EvidenceManifest.FileName}: {problem}");

    private static JsonElement Object(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Bad($"'{name}' must be an object");

    private static IEnumerable<JsonElement> Array(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object ? item : throw Bad($"'{name}' must hold objects"))
            : throw Bad($"'{name}' must be a list");

    private static string Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Bad($"'{name}' must be text");

    private static List<string> Strings(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Bad($"'{name}' must hold text only"))]
            : throw Bad($"'{name}' must be a list of text");

    private static double Number(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Bad($"'{name}' must be a number");

    private static long Integer(JsonElement owner, string name, long min, long max) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max
            ? number
            : throw Bad($"'{name}' must be a whole number from {min} to {max}");
}

using System.CommandLine;
using System.Globalization;
using Telltale.Policy;
using Telltale.Policy.Export;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale policy export POLICY --format osv|openvex|santa|fleet</c>: the list in the shapes other tools enforce it in (docs/policy-export.md).</summary>
internal static class PolicyExportCommand
{
    private static readonly Argument<string> PolicyFile = new("policy") { Description = "The policy.yaml to export, with everything it includes" };

    private static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "osv (OSV 1.7 records, a JSON array), openvex (OpenVEX 0.2.0), santa (rule-download JSON) or fleet (Fleet policy YAML)",
        Required = true,
    };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Write to this file instead of standard output (replaced only when complete)" };

    private static readonly Option<string?> OutputDirectory = new("--output-dir") { Description = "With --format osv: write one ID.json per record into this folder (an OSV database layout)" };

    private static readonly Option<string?> AsOf = new("--as-of")
    {
        Description = "The instant the export is made for (ISO 8601): which bans are in force for Santa and Fleet, and the timestamp of OSV and OpenVEX; default: now",
    };

    private static readonly Option<string?> Author = new("--author") { Description = "With --format openvex: the document's author, e.g. your organisation" };

    private static readonly string[] Formats = ["osv", "openvex", "santa", "fleet"];

    public static Command Create()
    {
        var command = new Command("export", "Export a policy as OSV records, an OpenVEX document, Santa rules or Fleet policies.")
        {
            PolicyFile, Format, Output, OutputDirectory, AsOf, Author,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(Format)!.Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            return CliError.Fail($"unknown format '{parse.GetValue(Format)}' for policy export (use osv, openvex, santa or fleet)");
        }

        var asOf = DateTimeOffset.UtcNow;
        if (parse.GetValue(AsOf) is { } asOfText && !DateTimeOffset.TryParse(asOfText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf))
        {
            return CliError.Fail($"--as-of '{asOfText}' is not a date and time (use ISO 8601, e.g. 2026-07-10T00:00:00Z)");
        }

        var output = parse.GetValue(Output);
        var directory = parse.GetValue(OutputDirectory);
        if (directory is not null && (format != "osv" || output is not null))
        {
            return CliError.Fail("--output-dir goes with --format osv, instead of --output");
        }

        if (output is not null && ReportFile.Problem(output) is { } outputProblem)
        {
            return CliError.Fail($"cannot write {output}: {outputProblem}");
        }

        if (PolicyCommand.Load(parse.GetValue(PolicyFile)!, out var failure) is not { } policy)
        {
            return failure;
        }

        if (directory is not null)
        {
            try
            {
                Directory.CreateDirectory(directory);
                var written = new OsvExporter(asOf).WriteDirectory(policy, directory);
                CliError.Say($"{written.Count} OSV record(s) written to {directory}");
                return ExitCodes.Clean;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return CliError.Fail($"cannot write {directory}: {error.Message}");
            }
        }

        void Write(TextWriter writer)
        {
            switch (format)
            {
                case "osv":
                    new OsvExporter(asOf).WriteArray(policy, writer);
                    break;
                case "openvex":
                    var vex = parse.GetValue(Author) is { } author ? new OpenVexExporter(asOf) { Author = author } : new OpenVexExporter(asOf);
                    vex.Write(policy, writer);
                    break;
                case "santa":
                    new SantaExporter(asOf).Write(policy, writer);
                    break;
                default:
                    new FleetExporter(asOf).WriteYaml(policy, writer);
                    break;
            }
        }

        if (output is null)
        {
            Write(Console.Out);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Clean;
        }

        try
        {
            await ReportFile.WriteAsync(output, writer =>
            {
                Write(writer);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            return ExitCodes.Clean;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return CliError.Fail($"cannot write {output}: {error.Message}");
        }
    }
}

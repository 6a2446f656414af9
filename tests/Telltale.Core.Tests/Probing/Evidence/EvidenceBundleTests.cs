using System.Text.Json;
using Telltale.Probing;
using Telltale.Probing.Evidence;
using Telltale.Probing.Matrix;

namespace Telltale.Tests.Probing.EvidenceBundles;

public sealed class EvidenceBundleTests : IDisposable
{
    private readonly EvidenceFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void Reads_back_the_matrix_command_hashes_and_channels_it_was_written_with()
    {
        var report = EvidenceFixtures.Report(SimulatedAgent.FourVariants());
        var written = _fixtures.WriteBundle(report);

        var bundle = EvidenceBundleReader.Read(_fixtures.Bundle);

        Assert.True(ProbeMatrixWriter.AreEquivalent(EvidenceFixtures.Matrix, bundle.Matrix));
        Assert.Equal(["node", _fixtures.Agent, "say hi"], bundle.Manifest.Command.Arguments);
        Assert.Null(bundle.Manifest.Command.WorkingDirectory);
        Assert.Equal(TimeSpan.FromSeconds(120), bundle.Manifest.Command.Timeout);
        Assert.Equal("0.0.0-test", bundle.Manifest.Command.TelltaleVersion);
        Assert.Equal(written.Programs, bundle.Manifest.Programs);
        Assert.Equal([ProgramFileKind.Executable, ProgramFileKind.File], bundle.Manifest.Programs.Select(p => p.Kind));
        Assert.Equal(written.Runs, bundle.Manifest.Runs);
        Assert.Equal(report.Channels.Count, bundle.Manifest.Channels);
        Assert.NotEmpty(bundle.Channels);
        Assert.Equal(ChannelSignatures.Of(report), bundle.Channels);
        Assert.Contains(bundle.Channels, c => c.Kind == "lookalike" && c.Attribution == $"{SimulatedAgent.BaseUrl}={SimulatedAgent.DeepSeek}"
            && c.Changes.SequenceEqual(["U+0027 APOSTROPHE → U+2019 RIGHT SINGLE QUOTATION MARK"]));
        Assert.True(File.Exists(Path.Combine(_fixtures.Bundle, "report.md")));
    }

    [Fact]
    public void Writes_each_runs_requests_in_a_file_of_its_own_under_the_variants_slug()
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));

        var path = Path.Combine(_fixtures.Bundle, "requests", "04-deepseek-shanghai", "run-1.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        Assert.Equal("deepseek-shanghai", root.GetProperty("variant").GetString());
        var request = Assert.Single(root.GetProperty("requests").EnumerateArray());
        Assert.Equal("POST", request.GetProperty("method").GetString());
        Assert.Equal("api.deepseek.com", request.GetProperty("host").GetString());
        Assert.Equal(ProbeRuns.Messages, request.GetProperty("path").GetString());
        Assert.Equal("application/json", request.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Contains("2026/11/23", request.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, request.GetProperty("sequence").GetInt32());
        Assert.Equal(8, Directory.GetFiles(Path.Combine(_fixtures.Bundle, "requests"), "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Will_not_write_into_a_folder_that_holds_something()
    {
        Directory.CreateDirectory(_fixtures.Bundle);
        File.WriteAllText(Path.Combine(_fixtures.Bundle, "keep.txt"), "mine");

        var error = Assert.Throws<ProbeException>(() => _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants())));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("requests/../../outside.yaml")]
    [InlineData("requests\\\\..\\\\x")]
    [InlineData("./matrix.yaml")]
    [InlineData("C:/x")]
    public void Refuses_a_manifest_that_names_a_file_outside_the_bundle(string path)
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));
        File.WriteAllText(Path.Combine(_fixtures.Folder, "outside.yaml"), "variants:\n  - name: x\n    env: {}\n");
        _fixtures.EditManifest(text => text.Replace("\"matrix\": \"matrix.yaml\"", $"\"matrix\": \"{path}\"", StringComparison.Ordinal));

        var error = Assert.Throws<ProbeException>(() => EvidenceBundleReader.Read(_fixtures.Bundle));

        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_run_file_outside_the_bundle_too()
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));
        _fixtures.EditManifest(text => text.Replace("\"file\": \"requests/01-baseline/run-0.json\"", "\"file\": \"../../../../etc/hostname\"", StringComparison.Ordinal));

        Assert.Throws<ProbeException>(() => EvidenceBundleReader.Read(_fixtures.Bundle));
    }

    [Fact]
    public void Refuses_a_file_reached_through_a_link()
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));
        var matrix = Path.Combine(_fixtures.Bundle, "matrix.yaml");
        File.Move(matrix, Path.Combine(_fixtures.Folder, "elsewhere.yaml"));
        File.CreateSymbolicLink(matrix, Path.Combine(_fixtures.Folder, "elsewhere.yaml"));

        var error = Assert.Throws<ProbeException>(() => EvidenceBundleReader.Read(_fixtures.Bundle));

        Assert.Contains("link", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EvidenceManifest.FileName, "{ not json")]
    [InlineData(EvidenceManifest.FileName, "[]")]
    [InlineData(EvidenceManifest.FileName, "{\"schemaVersion\": \"2.0\"}")]
    [InlineData("matrix.yaml", "variants: [unclosed")]
    [InlineData("matrix.yaml", "variants: 3")]
    [InlineData("report.json", "{\"comparison\": {\"differences\": [{\"channel\": true}]}}")]
    [InlineData("report.json", "\"\\uD800\"")]
    public void Says_in_one_line_what_is_wrong_with_a_malformed_file(string file, string content)
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));
        File.WriteAllText(Path.Combine(_fixtures.Bundle, file), content);

        var error = Assert.Throws<ProbeException>(() => EvidenceBundleReader.Read(_fixtures.Bundle));

        Assert.Single(error.Message.Split('\n'));
    }

    [Fact]
    public void Refuses_a_manifest_whose_command_is_empty()
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));
        var path = Path.Combine(_fixtures.Bundle, EvidenceManifest.FileName);
        var text = File.ReadAllText(path);
        var start = text.IndexOf("\"argv\": [", StringComparison.Ordinal);
        var end = text.IndexOf(']', start);
        File.WriteAllText(path, text[..start] + "\"argv\": []" + text[(end + 1)..]);

        var error = Assert.Throws<ProbeException>(() => EvidenceBundleReader.Read(_fixtures.Bundle));

        Assert.Contains("argv", error.Message, StringComparison.Ordinal);
    }
}

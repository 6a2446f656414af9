namespace Telltale.Tests.Policy;

/// <summary>A temporary folder for policy files written by a test, removed after it.</summary>
internal sealed class PolicyFiles : IDisposable
{
    public PolicyFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "telltale-policy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>The story's entry: claude-code banned from 2026-07-10 in Berlin, 2.1.91 to before 2.1.198, with an alternative.</summary>
    public const string ClaudeCodePolicy = Telltale.Fuzz.Seeds.PolicyFixtures.ClaudeCode;
}

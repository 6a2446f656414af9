namespace Telltale.Tests.Fuzzing;

/// <summary>A fresh folder for one test's output, deleted afterwards.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("telltale-fuzz-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

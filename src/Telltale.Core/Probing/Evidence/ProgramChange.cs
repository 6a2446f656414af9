namespace Telltale.Probing.Evidence;

/// <summary>
/// A file or folder of the recorded command that is not what was probed: other content (<see cref="CurrentSha256"/>),
/// gone (<see cref="CurrentSha256"/> null), or named by the command without a recorded hash (<see cref="RecordedSha256"/> null).
/// </summary>
public sealed record ProgramChange(int ArgumentIndex, string Path, string? RecordedSha256, string? CurrentSha256)
{
    /// <summary><c>/usr/bin/node (the program) changed: sha256 1a2b3c4d5e6f… is now 9f8e7d6c5b4a…</c>, in one line.</summary>
    public string Describe()
    {
        var what = ArgumentIndex == 0 ? "the program" : $"argument {ArgumentIndex}";
        return (RecordedSha256, CurrentSha256) switch
        {
            (null, _) => $"{Path} ({what}) has no hash in the bundle",
            (_, null) => $"{Path} ({what}) is gone",
            var (recorded, current) => $"{Path} ({what}) changed: sha256 {Short(recorded)}… is now {Short(current)}…",
        };
    }

    private static string Short(string sha256) => sha256[..Math.Min(12, sha256.Length)];
}

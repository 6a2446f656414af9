using System.Security.Cryptography;
using Telltale.Artifacts;
using Telltale.Probing.Running;

namespace Telltale.Probing.Evidence;

/// <summary>
/// What an evidence bundle's hashes cover: the program (a bare name is looked up on PATH, as the run looks it up) and
/// every argument that is an absolute path to an existing file or folder (<see cref="ProbedProgram.WithAbsolutePaths"/>
/// has made the user's relative ones absolute). A file is hashed whole, following links; an empty file is not opened
/// (a FIFO or device also reports length 0). A folder gets the tree hash <c>telltale scan</c> gives it, within
/// <see cref="MaxFolderItems"/> entries and <see cref="MaxFolderBytes"/> bytes.
/// </summary>
public static class ProgramFingerprints
{
    public const int MaxFolderItems = 100_000;
    public const long MaxFolderBytes = 2L * 1024 * 1024 * 1024;

    private static readonly string EmptySha256 = Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>The hashes of what <paramref name="program"/> names, program first.</summary>
    /// <exception cref="ProbeException">The program is not found, or a folder is too large to hash.</exception>
    public static IReadOnlyList<ProgramFingerprint> Take(ProbedProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var fingerprints = new List<ProgramFingerprint>();
        for (var index = 0; index <= program.Arguments.Count; index++)
        {
            var word = index == 0 ? program.FileName : program.Arguments[index - 1];
            if (Of(index, word) is { } fingerprint)
            {
                fingerprints.Add(fingerprint);
            }
            else if (index == 0)
            {
                throw new ProbeException($"cannot find the program {word}{(word.Contains('/', StringComparison.Ordinal) ? "" : " on PATH")}");
            }
        }

        return fingerprints;
    }

    /// <summary>
    /// Each difference between <paramref name="recorded"/> and what <paramref name="program"/> names now: changed or
    /// missing content, and files the command names that the record has no hash for (a bundle cannot leave one out).
    /// </summary>
    public static IReadOnlyList<ProgramChange> FindChanges(IReadOnlyList<ProgramFingerprint> recorded, ProbedProgram program)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(program);
        var changes = new List<ProgramChange>();
        for (var index = 0; index <= program.Arguments.Count; index++)
        {
            var word = index == 0 ? program.FileName : program.Arguments[index - 1];
            var before = recorded.FirstOrDefault(f => f.ArgumentIndex == index);
            ProgramFingerprint? now;
            try
            {
                now = Of(index, word);
            }
            catch (ProbeException)
            {
                // A folder that has grown past the bounds is not the folder that was hashed.
                now = null;
            }

            if (before is null && now is not null)
            {
                changes.Add(new ProgramChange(index, now.Path, null, now.Sha256));
            }
            else if (before is not null && (now is null || now.Sha256 != before.Sha256 || now.Kind != before.Kind))
            {
                changes.Add(new ProgramChange(index, now?.Path ?? before.Path, before.Sha256, now?.Sha256));
            }
        }

        return changes;
    }

    private static ProgramFingerprint? Of(int index, string word)
    {
        if (index == 0)
        {
            return Locate(word) is { } executable ? new ProgramFingerprint(0, word, executable, ProgramFileKind.Executable, HashFile(executable), 1) : null;
        }

        if (word.Length == 0 || !Path.IsPathRooted(word))
        {
            return null;
        }

        if (Directory.Exists(word))
        {
            var hash = ArtifactHasher.HashDirectoryWithin(word, MaxFolderItems, MaxFolderBytes, out var files)
                ?? throw new ProbeException($"cannot hash the folder {word}: more than {MaxFolderItems} entries or {MaxFolderBytes / (1024 * 1024)} MiB");
            return new ProgramFingerprint(index, word, word, ProgramFileKind.Folder, hash, files);
        }

        return File.Exists(word) ? new ProgramFingerprint(index, word, word, ProgramFileKind.File, HashFile(word), 1) : null;
    }

    /// <summary>Where the run finds the program: a path as given, a bare name in the first PATH folder holding it (as execvp looks).</summary>
    private static string? Locate(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
    }

    private static string HashFile(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        return new FileInfo(target).Length == 0 ? EmptySha256 : ArtifactHasher.HashFile(target);
    }
}

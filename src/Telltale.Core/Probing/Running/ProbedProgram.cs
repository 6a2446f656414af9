namespace Telltale.Probing.Running;

/// <summary>The program a probe runs, as the user wrote it after <c>--</c>.</summary>
public sealed record ProbedProgram(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// Runs start in their own empty folder, so <c>node cli.js</c> typed in the package folder would no longer
    /// find <c>cli.js</c>: the program and any argument naming an existing file or folder relative to
    /// <paramref name="baseDirectory"/> are made absolute.
    /// </summary>
    public ProbedProgram WithAbsolutePaths(string baseDirectory)
    {
        string Resolve(string token)
        {
            if (token.Length == 0 || token.StartsWith('-') || Path.IsPathRooted(token))
            {
                return token;
            }

            var candidate = Path.GetFullPath(token, baseDirectory);
            return File.Exists(candidate) || Directory.Exists(candidate) ? candidate : token;
        }

        // A bare program name ("node") is looked up on PATH; only names with a directory part are paths.
        var fileName = FileName.Contains('/', StringComparison.Ordinal) ? Resolve(FileName) : FileName;
        return new ProbedProgram(fileName, [.. Arguments.Select(Resolve)]);
    }

    public override string ToString() => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}

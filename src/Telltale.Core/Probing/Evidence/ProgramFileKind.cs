namespace Telltale.Probing.Evidence;

/// <summary>What a hashed part of the probed command names.</summary>
public enum ProgramFileKind
{
    /// <summary>The program itself: the first word of the command, found on PATH when it has no directory part.</summary>
    Executable,

    /// <summary>An argument naming a file: its content's sha256.</summary>
    File,

    /// <summary>An argument naming a folder: the tree hash <c>telltale scan</c> gives a folder (sorted relative paths and file sha256s; links skipped).</summary>
    Folder,
}

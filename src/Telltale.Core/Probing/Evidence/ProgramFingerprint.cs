namespace Telltale.Probing.Evidence;

/// <summary>
/// The hash of one file or folder the probed command names: word <see cref="ArgumentIndex"/> of the command line (0 is
/// the program), <see cref="Path"/> where it was found (for a bare program name, on PATH), and its sha256.
/// </summary>
public sealed record ProgramFingerprint(int ArgumentIndex, string Argument, string Path, ProgramFileKind Kind, string Sha256, int Files);

using System.Text;

namespace Telltale.Cli.Commands;

/// <summary>
/// The file behind <c>--output</c>: checked before any work starts, so a typo in the path does not cost a
/// download and a scan, and replaced only once the whole report is written, so an interrupted or failed
/// write never leaves half a report where a complete one was expected (or was before).
/// </summary>
internal static class ReportFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Why a report cannot be written to <paramref name="path"/>, in a few words; null when it can.</summary>
    public static string? Problem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return error.Message;
        }

        if (Directory.Exists(full))
        {
            return "it is a directory";
        }

        if (IsDevice(full))
        {
            return null;
        }

        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            return $"the directory {folder} does not exist";
        }

        if (File.Exists(full) && File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly))
        {
            return "it is read-only";
        }

        try
        {
            // The report is written next to its destination and renamed over it, so the folder must take a new file.
            using var probe = new FileStream(Path.Combine(folder, TemporaryName(full)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"cannot create a file in {folder}: {error.Message}";
        }

        return null;
    }

    /// <summary>Writes through <paramref name="write"/> to a new file beside <paramref name="path"/> and renames it over <paramref name="path"/> when complete.</summary>
    /// <exception cref="IOException">when the file cannot be written; the destination is then as it was.</exception>
    public static async Task WriteAsync(string path, Func<TextWriter, Task> write)
    {
        var full = Path.GetFullPath(path);
        if (IsDevice(full))
        {
            // /dev/stdout, /dev/null, a terminal: nothing to replace, and renaming onto them would replace the device node.
            await using var device = new StreamWriter(full, append: false, Utf8);
            await write(device).ConfigureAwait(false);
            await device.FlushAsync().ConfigureAwait(false);
            return;
        }

        // A link is followed, so the file it points to gets the report and the link stays a link.
        if (File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            full = target.FullName;
        }

        var temporary = Path.Combine(Path.GetDirectoryName(full)!, TemporaryName(full));
        try
        {
            await using (var file = new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None), Utf8))
            {
                await write(file).ConfigureAwait(false);
                await file.FlushAsync().ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string TemporaryName(string full) => $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp";

    private static bool IsDevice(string full) =>
        !OperatingSystem.IsWindows() && (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal));
}

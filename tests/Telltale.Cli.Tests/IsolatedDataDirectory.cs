using System.Runtime.CompilerServices;

namespace Telltale.Tests;

/// <summary>
/// <c>scan</c> saves to the result store by default: every test of this assembly gets one fresh data
/// folder instead of the user's, so no test reads a report another run stored.
/// </summary>
internal static class IsolatedDataDirectory
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before any test touches the environment-derived default store path.")]
    internal static void Initialize()
    {
        var folder = Directory.CreateTempSubdirectory("telltale-cli-data-").FullName;
        Environment.SetEnvironmentVariable("TELLTALE_DATA_DIR", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Exiting regardless: a folder left in the temp directory is not worth failing the run for.
            }
        };
    }
}

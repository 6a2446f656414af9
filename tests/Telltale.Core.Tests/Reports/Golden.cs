using System.Runtime.CompilerServices;
using System.Text;

namespace Telltale.Tests.Reports;

/// <summary>
/// Golden-file comparison. Expected outputs live in <c>Reports/Golden/</c> and are copied next to the test
/// assembly. Any difference fails the test; to accept new output deliberately, run the tests with
/// <c>TELLTALE_UPDATE_GOLDEN=1</c>, which rewrites the files in the source tree instead of comparing,
/// then review the diff before committing.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "TELLTALE_UPDATE_GOLDEN";

    public static void Verify(string fileName, string actual)
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            string directory = SourceDirectory();
            Assert.True(Directory.Exists(directory), $"Cannot update goldens: source folder {directory} not found (was the build path-mapped?).");
            File.WriteAllText(Path.Combine(directory, fileName), actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, "Reports", "Golden", fileName);
        Assert.True(File.Exists(path), $"Golden file {fileName} is missing; run the tests with {UpdateVariable}=1 to create it.");
        string expected = File.ReadAllText(path, Encoding.UTF8);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Assert.Fail($"{fileName} differs from the golden file ({UpdateVariable}=1 rewrites it). {FirstDifference(expected, actual)}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return $"First difference at line {i + 1}:\n  expected: {e ?? "<end of file>"}\n  actual:   {a ?? "<end of file>"}";
            }
        }

        return "The texts differ only in encoding-invisible ways.";
    }

    // The folder of this source file, as the compiler saw it: where goldens are rewritten.
    private static string SourceDirectory([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Golden");
}

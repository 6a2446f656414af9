using SharpFuzz;

namespace Telltale.Fuzz;

/// <summary>
/// The <c>instrument</c> verb: copies this program's folder to <c>--out</c> and instruments the copy of
/// Telltale.Core.dll with SharpFuzz, so <c>dotnet DIR/telltale-fuzz.dll run …</c> collects edge coverage.
/// The build output itself stays uninstrumented (the tests load it).
/// </summary>
internal static class InstrumentCommand
{
    private const string Assembly = "Telltale.Core.dll";

    public static int Run(FuzzArguments arguments)
    {
        var output = Path.GetFullPath(arguments.Require("out"));
        var source = AppContext.BaseDirectory;
        if (Path.GetFullPath(source).TrimEnd('/') == output.TrimEnd('/'))
        {
            throw new ArgumentException("--out must be another folder: the running program's own Telltale.Core.dll is loaded");
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(output, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        var core = Path.Combine(output, Assembly);
        Fuzzer.Instrument(core, type => type.StartsWith("Telltale.", StringComparison.Ordinal), Options.Value);
        Console.WriteLine($"instrumented {core}; run: dotnet {Path.Combine(output, "telltale-fuzz.dll")} run …");
        return 0;
    }
}

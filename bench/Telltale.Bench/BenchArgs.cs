namespace Telltale.Bench;

/// <summary><c>--name value</c> pairs, and the indicator list format shared by the subcommands.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(string[] args)
    {
        var parsed = new BenchArgs();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs, got \"{args[i]}\".");
            }

            parsed._values[args[i]] = args[i + 1];
        }

        return parsed;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"{name} is required.");

    /// <summary>bench/indicators.txt, copied next to the executable by the project.</summary>
    public static string DefaultIndicators() => Path.Combine(AppContext.BaseDirectory, "indicators.txt");

    /// <summary>One indicator per line; blank lines and lines starting with '#' are skipped.</summary>
    public static string[] ReadIndicators(string path) =>
        [.. File.ReadAllLines(path).Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0 && line[0] != '#').Distinct(StringComparer.Ordinal)];
}

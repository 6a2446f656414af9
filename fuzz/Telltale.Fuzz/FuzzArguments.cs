using System.Globalization;

namespace Telltale.Fuzz;

/// <summary>The verb and <c>--name value</c> options of one command line.</summary>
internal sealed class FuzzArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    private FuzzArguments(string verb, List<string> positional)
    {
        Verb = verb;
        Positional = positional;
    }

    public string Verb { get; }

    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses <c>verb [--name value]… [file…]</c>; throws <see cref="ArgumentException"/> on a dangling option.</summary>
    public static FuzzArguments Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("a verb is required: list, run, seed, repro or instrument");
        }

        var positional = new List<string>();
        var parsed = new FuzzArguments(args[0], positional);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }

            parsed._options[args[i][2..]] = args[++i];
        }

        return parsed;
    }

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required for '{Verb}'");

    public long? GetLong(string name) => Get(name) is { } text
        ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : throw new ArgumentException($"--{name}: '{text}' is not a non-negative number")
        : null;
}

using System.Text;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// Features of a JSON reader's refusal, <c>$.versions[3].scan.sha256: expected string, found number.</c>: the
/// path with its indices folded, and the wording after it. The path starts with <c>$</c>, which is not a word, so
/// the message's shape alone would make every refusal of a path one feature.
/// </summary>
internal static class JsonMessageFeatures
{
    public static void Add(FeatureSink features, string category, string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (!message.StartsWith('$') || colon < 0)
        {
            features.AddShape(category, message);
            return;
        }

        var path = new StringBuilder();
        foreach (var c in message.AsSpan(0, Math.Min(colon, 200)))
        {
            if (!char.IsAsciiDigit(c) || path.Length == 0 || path[^1] != '#')
            {
                path.Append(char.IsAsciiDigit(c) ? '#' : c);
            }
        }

        features.Add(category + " at", path.ToString());
        features.AddShape(category, message[(colon + 2)..]);
    }
}

using YamlDotNet.RepresentationModel;

namespace Telltale.Policy;

/// <summary>
/// Reads one YAML mapping of a policy strictly: every key must be one the caller asks for, and every error names
/// the file and line, so a typo in a hand-edited list is never silently ignored.
/// </summary>
internal sealed class YamlMappingReader
{
    private readonly YamlMappingNode node;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public YamlMappingReader(string file, YamlNode node, string what)
    {
        File = file;
        this.node = node as YamlMappingNode ?? throw Error(file, node, $"{what} must be a mapping (key: value lines)");
        What = what;
        foreach (var key in this.node.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: not null })
            {
                throw Error(file, key, $"{what} has a key that is not plain text");
            }
        }
    }

    public string File { get; }

    public string What { get; }

    public YamlNode Node => node;

    public static PolicyException Error(string file, YamlNode node, string message) =>
        new($"{file}:{node.Start.Line}: {message}");

    public PolicyException Error(YamlNode at, string message) => Error(File, at, message);

    public YamlNode? Optional(string key)
    {
        read.Add(key);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public YamlNode Required(string key) =>
        Optional(key) ?? throw Error(node, $"{What} needs '{key}'");

    public string? OptionalText(string key) => Optional(key) is { } value ? Text(value, key) : null;

    public string RequiredText(string key)
    {
        var text = Text(Required(key), key);
        return text.Length > 0 ? text : throw Error(node, $"{What} needs a non-empty '{key}'");
    }

    public string Text(YamlNode value, string key) =>
        value is YamlScalarNode { Value: { } text } ? text : throw Error(value, $"'{key}' of {What} must be text");

    public IReadOnlyList<YamlNode> List(string key)
    {
        var value = Optional(key);
        return value switch
        {
            null => [],
            YamlScalarNode { Value: null or "" } => [],
            YamlSequenceNode sequence => sequence.Children.ToList(),
            _ => throw Error(value, $"'{key}' of {What} must be a list"),
        };
    }

    public IReadOnlyList<string> TextList(string key) => List(key).Select(item => Text(item, key)).ToList();

    public DateOnly? OptionalDate(string key)
    {
        if (Optional(key) is not { } value)
        {
            return null;
        }

        var text = Text(value, key);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw Error(value, $"'{key}' of {What} is not a date YYYY-MM-DD: '{Escaped(text)}'");
    }

    /// <summary>Refuses any key that no <see cref="Optional"/> or <see cref="Required"/> asked for; call last.</summary>
    public void RejectUnknown()
    {
        foreach (var (key, _) in node.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (!read.Contains(name))
            {
                throw Error(key, $"unknown field '{Escaped(name)}' in {What} (known: {string.Join(", ", read.Order(StringComparer.Ordinal))})");
            }
        }
    }

    /// <summary>Text from the file shown in a message: it may hold anything, so control characters come out as escapes.</summary>
    public static string Escaped(string text) => Reports.ReportText.Visible(Reports.ReportText.Shorten(text, 120), multiline: false, keepTabs: false);
}

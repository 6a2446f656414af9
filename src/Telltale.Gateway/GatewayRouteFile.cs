using System.Globalization;
using Telltale.Reports;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telltale.Gateway;

/// <summary>
/// Reads <c>telltale gateway --routes FILE</c>: a YAML list of routes, each with its own upstream, mode and normalising
/// options (docs/gateway.md, "Routes"). Strict, as the policy is: an unknown key, a bad mode or upstream, a prefix used
/// twice is one <c>file:line: message</c> line, never a silently ignored typo in front of the API keys of a team.
/// </summary>
public static class GatewayRouteFile
{
    /// <summary>Larger than any route list; a file past it is refused before YAML reads it.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly string[] Keys = ["name", "prefix", "upstream", "mode", "removeInvisibleCharacters", "mapLookAlikes", "keepTypographicQuotes"];

    /// <exception cref="GatewayConfigException">with one line naming the file and line.</exception>
    public static IReadOnlyList<GatewayRoute> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var display = ReportText.Visible(path, multiline: false, keepTabs: false);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new GatewayConfigException($"{display}: over {MaxBytes} bytes; a route file is a short list");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GatewayConfigException($"{display}: cannot read: {e.Message}", e);
        }

        return Parse(text, display);
    }

    public static IReadOnlyList<GatewayRoute> Parse(string text, string display)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new GatewayConfigException($"{display}:{e.Start.Line}: not valid YAML: {OneLine(e.InnerException?.Message ?? e.Message)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new GatewayConfigException($"{display}: not valid YAML", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new GatewayConfigException($"{display}:1: a route file is one mapping with a 'routes' list");
        }

        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: "routes" })
            {
                throw Error(display, key, $"unknown key {Shown(key)} (the file has only 'routes')");
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("routes"), out var list) || list is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            throw Error(display, root, "'routes' must be a list of at least one route");
        }

        var routes = new List<GatewayRoute>();
        foreach (var node in sequence.Children)
        {
            var route = Route(display, node);
            if (routes.Exists(r => r.Name == route.Name))
            {
                throw Error(display, node, $"another route is named {route.Name}");
            }

            if (routes.Exists(r => r.PathPrefix.TrimEnd('/') == route.PathPrefix.TrimEnd('/')))
            {
                throw Error(display, node, $"another route has the prefix {route.PathPrefix}");
            }

            routes.Add(route);
        }

        return routes;
    }

    private static GatewayRoute Route(string display, YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(display, node, "a route must be a mapping (name, prefix, upstream, mode, …)");
        }

        var values = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || !Keys.Contains(name, StringComparer.Ordinal))
            {
                throw Error(display, key, $"unknown key {Shown(key)} in a route (known: {string.Join(", ", Keys)})");
            }

            values[name] = value as YamlScalarNode ?? throw Error(display, value, $"'{name}' must be a single value");
        }

        string? Text(string key) => values.TryGetValue(key, out var scalar) ? scalar.Value : null;
        bool Flag(string key, bool fallback) => Text(key) switch
        {
            null => fallback,
            "true" => true,
            "false" => false,
            _ => throw Error(display, values[key], $"'{key}' must be true or false"),
        };

        var upstreamText = Text("upstream") ?? throw Error(display, mapping, "a route needs 'upstream' (e.g. https://api.anthropic.com)");
        if (!Uri.TryCreate(upstreamText, UriKind.Absolute, out var upstream) || !GatewayRoute.IsUpstreamAddress(upstream))
        {
            throw Error(display, values["upstream"], $"'upstream' {Quoted(upstreamText)} is not http(s)://HOST[:PORT][/PREFIX]");
        }

        var prefix = Text("prefix") ?? "/";
        if (!GatewayRoute.IsPathPrefix(prefix))
        {
            throw Error(display, values["prefix"], $"'prefix' {Quoted(prefix)} must be a path starting with '/'");
        }

        var modeText = Text("mode") ?? "normalise";
        var mode = GatewayModes.TryParse(modeText) ?? throw Error(display, values["mode"], $"'mode' {Quoted(modeText)} is not one of observe, normalise, block");
        return new GatewayRoute
        {
            Name = Text("name") is { Length: > 0 } routeName ? routeName : prefix,
            PathPrefix = prefix,
            Upstream = upstream,
            Mode = mode,
            Normalise = new NormaliseOptions
            {
                RemoveInvisibleCharacters = Flag("removeInvisibleCharacters", true),
                MapLookAlikes = Flag("mapLookAlikes", true),
                KeepTypographicQuotes = Flag("keepTypographicQuotes", false),
            },
        };
    }

    private static GatewayConfigException Error(string display, YamlNode node, string message) =>
        new($"{display}:{node.Start.Line.ToString(CultureInfo.InvariantCulture)}: {message}");

    private static string Shown(YamlNode node) => node is YamlScalarNode { Value: { } value } ? Quoted(value) : "(not text)";

    private static string Quoted(string text) => ReportText.Quote(text, 60);

    private static string OneLine(string message) => ReportText.Visible(message.ReplaceLineEndings(" "), multiline: false, keepTabs: false);
}

using System.Text.RegularExpressions;

namespace Telltale.Artifacts;

/// <summary>
/// The registry settings npm itself would use: <c>npm_config_registry</c> from the environment, then
/// the project <c>.npmrc</c> (nearest from the current directory upwards), then the user config
/// (<c>$NPM_CONFIG_USERCONFIG</c> or <c>~/.npmrc</c>), then the public registry. Precedence is per
/// key, as in npm, so a project's <c>@scope:registry</c> still applies when the environment sets the
/// default registry.
/// </summary>
public sealed partial class NpmRegistryConfig
{
    private const string AuthTokenSuffix = ":_authToken";
    private const string ScopeRegistrySuffix = ":registry";

    private readonly Dictionary<string, string> _authTokens;

    public NpmRegistryConfig(Uri registry, IReadOnlyDictionary<string, Uri>? scopeRegistries = null, IReadOnlyDictionary<string, string>? authTokens = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = WithTrailingSlash(registry);
        ScopeRegistries = (scopeRegistries ?? new Dictionary<string, Uri>())
            .ToDictionary(p => p.Key, p => WithTrailingSlash(p.Value), StringComparer.OrdinalIgnoreCase);
        _authTokens = (authTokens ?? new Dictionary<string, string>())
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    public static Uri DefaultRegistry { get; } = new("https://registry.npmjs.org/");

    /// <summary>The default registry, always ending with '/'.</summary>
    public Uri Registry { get; }

    /// <summary>Registries for scopes, keyed by the scope with its '@' (<c>@myco</c>).</summary>
    public IReadOnlyDictionary<string, Uri> ScopeRegistries { get; }

    /// <summary>The registry a package is fetched from: its scope's when one is configured.</summary>
    public Uri RegistryFor(string packageName)
    {
        ArgumentNullException.ThrowIfNull(packageName);
        var slash = packageName.IndexOf('/');
        return packageName.StartsWith('@') && slash > 0 && ScopeRegistries.TryGetValue(packageName[..slash], out var scoped)
            ? scoped
            : Registry;
    }

    /// <summary>
    /// The bearer token configured for <paramref name="url"/>, matched like npm does: by host and the
    /// longest configured path prefix, so a token never goes to a host it was not set for.
    /// </summary>
    public string? AuthTokenFor(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || _authTokens.Count == 0)
        {
            return null;
        }

        var path = url.AbsolutePath;
        var key = "//" + url.Authority + path[..(path.LastIndexOf('/') + 1)];
        while (key.Length > 2)
        {
            if (_authTokens.TryGetValue(key, out var token))
            {
                return token;
            }

            key = key.EndsWith('/') ? key[..^1] : key[..(key.LastIndexOf('/') + 1)];
        }

        return null;
    }

    /// <summary>Reads the configuration of this process: its environment, current directory and home.</summary>
    public static NpmRegistryConfig Load() =>
        Load(Environment.GetEnvironmentVariable, ReadFileOrNull, Environment.CurrentDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <param name="environment">an environment variable by name, or null when unset.</param>
    /// <param name="readFile">a file's text by full path, or null when it does not exist.</param>
    /// <param name="currentDirectory">where the search for a project <c>.npmrc</c> starts.</param>
    /// <param name="homeDirectory">where <c>.npmrc</c> is the user config unless the environment names another.</param>
    /// <exception cref="TargetException">when a configured registry is not an http(s) URL.</exception>
    public static NpmRegistryConfig Load(Func<string, string?> environment, Func<string, string?> readFile, string currentDirectory, string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(readFile);
        ArgumentNullException.ThrowIfNull(currentDirectory);

        var settings = new Dictionary<string, (string Value, string Origin)>(StringComparer.Ordinal);
        var userConfig = Env(environment, "npm_config_userconfig") is { Length: > 0 } named
            ? Path.GetFullPath(named, currentDirectory)
            : string.IsNullOrEmpty(homeDirectory) ? null : Path.Combine(homeDirectory, ".npmrc");

        // Lowest precedence first; later layers overwrite per key.
        if (userConfig is not null && readFile(userConfig) is { } userText)
        {
            Apply(settings, userText, userConfig, environment);
        }

        if (FindProjectConfig(readFile, currentDirectory, userConfig) is { } project)
        {
            Apply(settings, project.Text, project.Path, environment);
        }

        if (Env(environment, "npm_config_registry") is { Length: > 0 } fromEnvironment)
        {
            settings["registry"] = (fromEnvironment, "npm_config_registry");
        }

        var registry = settings.TryGetValue("registry", out var configured) ? ParseRegistry(configured.Value, configured.Origin) : DefaultRegistry;
        var scopes = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        var tokens = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, (value, origin)) in settings)
        {
            if (key.StartsWith('@') && key.EndsWith(ScopeRegistrySuffix, StringComparison.Ordinal))
            {
                scopes[key[..^ScopeRegistrySuffix.Length]] = ParseRegistry(value, origin);
            }
            else if (key.StartsWith("//", StringComparison.Ordinal) && key.EndsWith(AuthTokenSuffix, StringComparison.Ordinal)
                && value.Length > 0 && !value.Contains("${", StringComparison.Ordinal))
            {
                tokens[key[..^AuthTokenSuffix.Length]] = value;
            }
        }

        return new NpmRegistryConfig(registry, scopes, tokens);
    }

    /// <summary>npm reads <c>npm_config_*</c> case-insensitively; the two spellings people use are tried.</summary>
    private static string? Env(Func<string, string?> environment, string lowerCaseName) =>
        environment(lowerCaseName) ?? environment(lowerCaseName.ToUpperInvariant());

    private static (string Path, string Text)? FindProjectConfig(Func<string, string?> readFile, string currentDirectory, string? userConfig)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(currentDirectory)); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".npmrc");
            if (userConfig is not null && string.Equals(Path.GetFullPath(candidate), Path.GetFullPath(userConfig), StringComparison.Ordinal))
            {
                continue; // the user config is not also a project config
            }

            if (readFile(candidate) is { } text)
            {
                return (candidate, text);
            }
        }

        return null;
    }

    /// <summary>The subset of the ini format npm uses: key=value lines, ';' and '#' comments, optional quotes.</summary>
    private static void Apply(Dictionary<string, (string, string)> settings, string text, string origin, Func<string, string?> environment)
    {
        var inSection = false;
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is ';' or '#')
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                inSection = true; // npm reads only top-level keys
                continue;
            }

            var equals = line.IndexOf('=');
            if (inSection || equals <= 0)
            {
                continue;
            }

            var key = ExpandEnvironment(line[..equals].Trim(), environment);
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
            {
                value = value[1..^1];
            }

            settings[key] = (ExpandEnvironment(value, environment), origin);
        }
    }

    /// <summary>
    /// <c>${NAME}</c> becomes the variable's value, left as written when unset (as npm does);
    /// <c>${NAME?}</c> becomes empty when unset.
    /// </summary>
    private static string ExpandEnvironment(string text, Func<string, string?> environment) =>
        EnvironmentReference().Replace(text, match =>
        {
            var escapes = match.Groups["escape"].Length;
            var literal = match.Value[escapes..];
            if (escapes % 2 == 1)
            {
                return new string('\\', escapes / 2) + literal;
            }

            var value = environment(match.Groups["name"].Value);
            return new string('\\', escapes / 2) + (value ?? (match.Groups["optional"].Success ? "" : literal));
        });

    private static Uri ParseRegistry(string value, string origin)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new TargetException($"registry '{EntryNames.Printable(value)}' from {origin} is not an http(s) URL");
        }

        return WithTrailingSlash(uri);
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.IsAbsoluteUri && !uri.AbsolutePath.EndsWith('/') ? new Uri(uri.GetLeftPart(UriPartial.Path) + "/" + uri.Query) : uri;

    private static string? ReadFileOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(?<escape>\\*)\$\{(?<name>[^${}?]+)(?<optional>\?)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentReference();
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telltale.Probing.Matrix;

/// <summary>
/// Reads a matrix file:
/// <code>
/// repeats: 2
/// variants:
///   - name: listed domain
///     env: { ANTHROPIC_BASE_URL: https://api.example.cn, TZ: Asia/Shanghai }
///   - name: defaults
///     env: {}
/// </code>
/// A baseline variant with no variables is added when the file has none.
/// </summary>
public static class ProbeMatrixLoader
{
    private const int MaxVariants = 200;
    private const int MaxRepeats = 20;

    public static ProbeMatrix Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProbeException($"cannot read matrix {path}: {ex.Message}", ex);
        }

        return Parse(text, path) with { Source = ProbeMatrixSource.FromFile(path) };
    }

    public static ProbeMatrix Parse(string yaml, string source = "matrix")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ProbeException($"{source}: not valid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ProbeException($"{source}: expected a mapping with 'variants'");
        }

        var repeats = 2;
        if (Child(root, "repeats") is { } repeatsNode)
        {
            if (repeatsNode is not YamlScalarNode { Value: { } r } || !int.TryParse(r, out repeats) || repeats < 2 || repeats > MaxRepeats)
            {
                throw new ProbeException($"{source}: 'repeats' must be a number from 2 to {MaxRepeats} (one repeat cannot tell noise from a channel)");
            }
        }

        if (Child(root, "variants") is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw new ProbeException($"{source}: 'variants' must be a non-empty list");
        }

        if (sequence.Children.Count > MaxVariants)
        {
            throw new ProbeException($"{source}: more than {MaxVariants} variants");
        }

        var variants = new List<ProbeVariant>();
        foreach (var (node, index) in sequence.Children.Select((n, i) => (n, i)))
        {
            if (node is not YamlMappingNode variant)
            {
                throw new ProbeException($"{source}: variant {index + 1} must be a mapping with 'name' and 'env'");
            }

            var name = (Child(variant, "name") as YamlScalarNode)?.Value ?? $"variant {index + 1}";
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            switch (Child(variant, "env"))
            {
                case null:
                    break;
                case YamlMappingNode env:
                    foreach (var (key, value) in env.Children)
                    {
                        var variable = (key as YamlScalarNode)?.Value;
                        if (string.IsNullOrEmpty(variable) || variable.Contains('=', StringComparison.Ordinal) || variable.Any(char.IsWhiteSpace))
                        {
                            throw new ProbeException($"{source}: variant '{name}' has an invalid variable name '{variable}'");
                        }

                        environment[variable] = value is YamlScalarNode { Value: var v } scalar && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && v is "~" or "null" or "")
                            ? v
                            : null;
                    }

                    break;
                default:
                    throw new ProbeException($"{source}: variant '{name}': 'env' must be a mapping of variable to value");
            }

            if (variants.Any(v => v.Name == name))
            {
                throw new ProbeException($"{source}: two variants are named '{name}'");
            }

            variants.Add(new ProbeVariant(name, environment));
        }

        if (!variants.Any(v => v.Environment.Count == 0))
        {
            variants.Insert(0, new ProbeVariant(ProbeMatrix.BaselineName, new Dictionary<string, string?>()));
        }

        return new ProbeMatrix(variants, repeats);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}

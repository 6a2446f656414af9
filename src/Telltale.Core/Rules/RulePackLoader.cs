using Telltale.Findings;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Telltale.Rules;

/// <summary>Reads rule packs (the embedded default and user files) and merges them into one checked pack.</summary>
public static class RulePackLoader
{
    private const string DefaultResource = "Telltale.Rules.default.yaml";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static RulePack LoadDefault()
    {
        using var stream = typeof(RulePackLoader).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new RulePackException($"embedded rule pack {DefaultResource} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "default.yaml");
    }

    /// <summary>The default pack followed by <paramref name="files"/>, merged and validated.</summary>
    public static RulePack Load(IEnumerable<string> files)
    {
        var packs = new List<RulePack> { LoadDefault() };
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new RulePackException($"cannot read rule pack {file}: {error.Message}", error);
            }

            packs.Add(Parse(text, file));
        }

        return Merge(packs);
    }

    public static RulePack Parse(string yaml, string sourceName)
    {
        RulePack? pack;
        try
        {
            pack = Deserializer.Deserialize<RulePack>(yaml);
        }
        catch (YamlException error)
        {
            throw new RulePackException($"{sourceName}:{error.Start.Line}:{error.Start.Column}: {error.InnerException?.Message ?? error.Message}", error);
        }

        pack ??= new RulePack();
        Validate(pack, sourceName);
        return pack;
    }

    public static RulePack Merge(IEnumerable<RulePack> packs)
    {
        var merged = new RulePack { Name = "merged" };
        foreach (var pack in packs)
        {
            foreach (var set in pack.Indicators)
            {
                var existing = merged.Indicators.Find(s => s.Set == set.Set);
                if (existing is null)
                {
                    merged.Indicators.Add(set);
                }
                else
                {
                    existing.Terms.AddRange(set.Terms.Except(existing.Terms, StringComparer.OrdinalIgnoreCase));
                }
            }

            foreach (var rule in pack.Rules)
            {
                merged.Rules.RemoveAll(r => r.Id == rule.Id);
                merged.Rules.Add(rule);
            }
        }

        return merged;
    }

    private static void Validate(RulePack pack, string sourceName)
    {
        string[] sources = ["literal", "decoded", "scheme", "xor-sweep", "scheme-summary", "archive"];
        foreach (var rule in pack.Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Id))
            {
                throw new RulePackException($"{sourceName}: a rule has no id");
            }

            if (!SeverityNames.TryParse(rule.Severity, out _))
            {
                throw new RulePackException($"{sourceName}: rule {rule.Id} has unknown severity '{rule.Severity}'");
            }

            foreach (var source in rule.When.In.Where(s => !sources.Contains(s)))
            {
                throw new RulePackException($"{sourceName}: rule {rule.Id} has unknown source '{source}' (use {string.Join(", ", sources)})");
            }

            string[] kinds = ["domain", "url", "time-zone", "env-var", "keyword", "code", "text"];
            foreach (var kind in rule.When.Kinds.Where(k => !kinds.Contains(k)))
            {
                throw new RulePackException($"{sourceName}: rule {rule.Id} has unknown kind '{kind}' (use {string.Join(", ", kinds)})");
            }

            foreach (var refusal in rule.When.Refusals.Where(r => !Enum.TryParse<Artifacts.RefusalKind>(r, out _)))
            {
                throw new RulePackException($"{sourceName}: rule {rule.Id} has unknown refusal '{refusal}'");
            }
        }
    }
}

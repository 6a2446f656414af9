using Telltale.Artifacts;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// What every unpacking must give, whatever the bytes: entries within the limits (each, in total, in
/// number and in depth), names that are safe relative paths, and refusals (not exceptions) for the rest.
/// </summary>
internal static class UnpackerContract
{
    /// <summary>Refusals are one per entry, per problem line of an executable, or one per container: far fewer than this.</summary>
    private const int MaxRefusalsPerEntryLimit = 8;

    public static void Drain(IEnumerable<ArtifactEntry> entries, UnpackContext context, FeatureSink features, int maxDepth)
    {
        var limits = context.Limits;
        long total = 0;
        var count = 0;
        foreach (var entry in entries)
        {
            count++;
            total += entry.Content.Length;
            ContractViolationException.Require(count <= limits.MaxEntries, $"more than {limits.MaxEntries} entries were returned");
            ContractViolationException.Require(entry.Content.Length <= limits.MaxEntryBytes, $"an entry of {entry.Content.Length} bytes passed the {limits.MaxEntryBytes}-byte limit");
            ContractViolationException.Require(total <= limits.MaxTotalBytes, $"entries total {total} bytes, past the {limits.MaxTotalBytes}-byte limit");
            ContractViolationException.Require(entry.Depth <= maxDepth, $"an entry at depth {entry.Depth} passed the nesting limit {maxDepth}");
            CheckName(entry);
            features.Add("entry-kind", entry.Kind.ToString());
            features.Add("entry-encoding", entry.Encoding.ToString());
            features.AddMagnitude("entry-depth", entry.Depth);
            if (entry.Kind == EntryKind.JavaScript)
            {
                // The scanner decodes every script; the text is decoded here the same way.
                features.AddMagnitude("text-length", entry.ReadText().Length);
            }
        }

        ContractViolationException.Require(context.Refusals.Count <= (MaxRefusalsPerEntryLimit * (long)limits.MaxEntries) + 64,
            $"{context.Refusals.Count} refusals for one input");
        features.AddMagnitude("entries", count);
        features.AddMagnitude("bytes", total);
        foreach (var refusal in context.Refusals)
        {
            features.AddShape("refusal-" + refusal.Kind, refusal.Message);
            ContractViolationException.Require(!string.IsNullOrEmpty(refusal.Message), "a refusal without a message");
        }

        features.AddMagnitude("payloads", context.Payloads.Count);
    }

    /// <summary>A name is the path inside its container: relative, no parent segments, no NUL (host parts of an executable are named in parentheses).</summary>
    private static void CheckName(ArtifactEntry entry)
    {
        var name = entry.Name;
        ContractViolationException.Require(!string.IsNullOrEmpty(name), $"an entry with an empty name at '{entry.Path}'");
        ContractViolationException.Require(!name.Contains('\0', StringComparison.Ordinal), "an entry name holds a NUL");
        if (entry.Depth == 0 && entry.Parent is null && !entry.Path.Contains("!/", StringComparison.Ordinal))
        {
            // The target file itself, by its own name on disk.
            return;
        }

        ContractViolationException.Require(!name.StartsWith('/') && !name.StartsWith('\\'), $"an absolute entry name '{name}'");
        ContractViolationException.Require(!name.Replace('\\', '/').Split('/').Contains(".."), $"an entry name with a parent segment '{name}'");
    }

    public static UnpackContext NewContext() => new(FuzzLimits.Scan);

    public static ArtifactEntry Container(string name, ReadOnlyMemory<byte> content) =>
        new() { Path = name, Name = name, Content = content, Kind = EntryKind.Archive };
}

using System.Text;
using System.Text.Unicode;

namespace Telltale.Artifacts;

/// <summary>Decides what an entry holds from its name and its first bytes.</summary>
public static class EntryClassifier
{
    private const int SniffBytes = 8 * 1024;

    private static readonly HashSet<string> JavaScriptExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts",
    };

    /// <summary>Classifies with the default unpackers deciding what is an archive.</summary>
    public static EntryKind Classify(string name, ReadOnlySpan<byte> content) => Classify(name, content, ArtifactExpander.Default.Unpackers);

    public static EntryKind Classify(string name, ReadOnlySpan<byte> content, IEnumerable<IUnpacker> unpackers)
    {
        // Magic bytes go first: a tarball renamed to cli.js must still be opened, and no real
        // script or JSON document starts with a gzip or zip signature.
        foreach (var unpacker in unpackers)
        {
            if (CanUnpack(unpacker, name, content))
            {
                return EntryKind.Archive;
            }
        }

        var fileName = name[(name.LastIndexOf('/') + 1)..];
        var extension = Path.GetExtension(fileName);
        if (JavaScriptExtensions.Contains(extension))
        {
            return EntryKind.JavaScript;
        }

        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return EntryKind.Json;
        }

        if (extension.Length == 0 && HasNodeShebang(content))
        {
            return EntryKind.JavaScript;
        }

        var head = content[..Math.Min(content.Length, SniffBytes)];
        return head.IndexOf((byte)0) < 0 && Utf8.IsValid(content) ? EntryKind.Text : EntryKind.Binary;
    }

    /// <summary>
    /// An unpacker's check that throws on hostile bytes says nothing about the kind; the expander asks
    /// again when it opens the entry and turns the failure into a refusal there.
    /// </summary>
    private static bool CanUnpack(IUnpacker unpacker, string name, ReadOnlySpan<byte> content)
    {
        try
        {
            return unpacker.CanUnpack(name, content);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>True for <c>#!/usr/bin/env node</c>, <c>#!/usr/bin/env -S node --flag</c> and <c>#!/usr/local/bin/node</c>.</summary>
    private static bool HasNodeShebang(ReadOnlySpan<byte> content)
    {
        if (!content.StartsWith("#!"u8))
        {
            return false;
        }

        var line = content[2..];
        var end = line.IndexOfAny((byte)'\n', (byte)'\r');
        if (end >= 0)
        {
            line = line[..end];
        }

        if (line.Length > 256)
        {
            return false;
        }

        var words = Encoding.UTF8.GetString(line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var index = 0;
        if (index < words.Length && words[index].EndsWith("/env", StringComparison.Ordinal))
        {
            index++;
            while (index < words.Length && words[index].StartsWith('-'))
            {
                index++;
            }
        }

        if (index >= words.Length)
        {
            return false;
        }

        var program = words[index][(words[index].LastIndexOf('/') + 1)..];
        return program is "node" or "nodejs";
    }
}

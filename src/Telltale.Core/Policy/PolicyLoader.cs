using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Telltale.Policy;

/// <summary>
/// Reads a <c>policy.yaml</c> (docs/policy.md) with the files and OSV directories it includes, and checks it
/// strictly: an unknown field, a bad date or time zone, a reversed range, an include cycle, a duplicate id or an
/// alternative that fails its own check is a <see cref="PolicyException"/> naming file and line. Nothing is
/// half-loaded: the result is every entry or an exception.
/// </summary>
public static class PolicyLoader
{
    /// <summary>A policy file (or one OSV record) larger than this is refused: a hand-edited list is far smaller.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>How many OSV records a policy may load in all; a real feed of malicious npm releases is well under it.</summary>
    public const int MaxOsvRecords = 500_000;

    /// <summary>How deep includes may nest.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>
    /// How deeply mappings and sequences may nest in one file. A policy needs about ten levels; YamlDotNet builds
    /// its nodes recursively, so 100,000 nested brackets (a 200 KB file) overflowed the stack and ended the process.
    /// </summary>
    public const int MaxNestingDepth = 64;

    public static PolicyDocument Load(string path) => Load(path, text: null);

    /// <summary>Reads a policy held in memory, as if it were the file <paramref name="path"/> (which names it in messages and anchors its includes).</summary>
    public static PolicyDocument Parse(string text, string path) => Load(path, text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>
    /// Reads a policy that came from someone else (a client of <c>telltale serve</c>) and must stand alone: an
    /// <c>include</c> or <c>osv</c> is refused at its line instead of being read, so the text cannot make this
    /// process open any file (<c>include: /etc/shadow</c>, <c>osv: /</c>) or learn whether one exists.
    /// <paramref name="name"/> only names the text in messages.
    /// </summary>
    public static PolicyDocument ParseSelfContained(string text, string name) =>
        Load(name, text ?? throw new ArgumentNullException(nameof(text)), selfContained: true);

    private static PolicyDocument Load(string path, string? text, bool selfContained = false)
    {
        var state = new LoadState { SelfContained = selfContained };
        var full = Path.GetFullPath(path);
        var name = LoadFile(full, DisplayName(full, full), state, [], null, text);
        var duplicates = state.Entries.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicates is not null)
        {
            var both = duplicates.Take(2).ToList();
            throw new PolicyException($"{both[1].Source}: id '{YamlMappingReader.Escaped(duplicates.Key)}' is used twice (first at {both[0].Source})");
        }

        return new PolicyDocument(name ?? Path.GetFileNameWithoutExtension(full), state.Entries, state.Files);
    }

    private sealed class LoadState
    {
        public List<PolicyEntry> Entries { get; } = [];

        public List<string> Files { get; } = [];

        public int OsvRecords { get; set; }

        public string? Root { get; set; }

        /// <summary>Refuse includes and OSV feeds rather than read them (<see cref="ParseSelfContained"/>).</summary>
        public bool SelfContained { get; init; }
    }

    /// <summary>Paths in messages relative to the top policy's folder, so a message stays one readable line.</summary>
    private static string DisplayName(string full, string top)
    {
        var folder = Path.GetDirectoryName(top)!;
        var relative = Path.GetRelativePath(folder, full);
        return YamlMappingReader.Escaped(relative.StartsWith("..", StringComparison.Ordinal) ? full : relative);
    }

    private static string? LoadFile(string full, string display, LoadState state, List<string> chain, string? includedAt, string? given = null)
    {
        state.Root ??= full;
        if (chain.Contains(full, StringComparer.Ordinal))
        {
            var cycle = string.Join(" → ", chain.SkipWhile(f => f != full).Append(full).Select(f => DisplayName(f, state.Root)));
            throw new PolicyException($"{includedAt}: include cycle: {cycle}");
        }

        if (chain.Count >= MaxIncludeDepth)
        {
            throw new PolicyException($"{includedAt}: includes nest deeper than {MaxIncludeDepth}");
        }

        var text = given ?? ReadText(full, display, includedAt);
        state.Files.Add(full);
        var stream = new YamlStream();
        var parser = new DepthLimitedParser(new Parser(new StringReader(text)), display);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException error)
        {
            throw new PolicyException($"{display}:{error.Start.Line}: not valid YAML: {OneLine(error.InnerException?.Message ?? error.Message)}", error);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader throw these (not YamlException) for some broken input, e.g. an
            // unclosed flow sequence followed by a key, or a NUL inside a flow mapping; the last event read is the
            // nearest line there is. Found by the policy fuzz target.
            throw new PolicyException($"{display}:{parser.Current?.End.Line ?? 1}: not valid YAML (it ends or breaks off after this line)", error);
        }

        if (stream.Documents.Count == 0)
        {
            // An empty file (or a device read as one) lists nothing.
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            throw new PolicyException($"{display}:1: a policy file holds one YAML document, not {stream.Documents.Count}");
        }

        RejectAnchors(display, stream.Documents[0].RootNode);
        var top = new YamlMappingReader(display, stream.Documents[0].RootNode, "the policy");
        var name = top.OptionalText("name");
        if (top.Optional("schema_version") is { } version && top.Text(version, "schema_version") != "1")
        {
            throw top.Error(version, $"schema_version '{YamlMappingReader.Escaped(top.Text(version, "schema_version"))}' is not one this Telltale reads (1)");
        }

        var folder = Path.GetDirectoryName(full)!;
        var includes = top.List("include").Select(node => (Node: node, Path: top.Text(node, "include"))).ToList();
        var feeds = top.List("osv");
        var entries = top.List("entries");
        top.RejectUnknown();
        if (state.SelfContained && (includes.Count > 0 || feeds.Count > 0))
        {
            var node = includes.Count > 0 ? includes[0].Node : feeds[0];
            var what = includes.Count > 0 ? "include" : "osv";
            throw YamlMappingReader.Error(display, node, $"'{what}' is not allowed in a policy sent to the server: it reads files; put the entries in this policy");
        }

        foreach (var entry in entries)
        {
            state.Entries.Add(PolicyEntryReader.Read(display, entry));
        }

        chain.Add(full);
        foreach (var include in includes)
        {
            var at = $"{display}:{include.Node.Start.Line}";
            var target = Resolve(folder, include.Path, at);
            LoadFile(target, DisplayName(target, state.Root), state, chain, at);
        }

        chain.RemoveAt(chain.Count - 1);
        foreach (var feed in feeds)
        {
            LoadOsvFeed(display, feed, folder, state);
        }

        return name;
    }

    /// <summary>
    /// An include's or OSV feed's path, relative to the including file's folder. A path the file system cannot
    /// name (a NUL, written as "\0" in YAML) made <see cref="Path.GetFullPath(string)"/> throw ArgumentException out of
    /// the loader; found by the policy fuzz target.
    /// </summary>
    private static string Resolve(string folder, string path, string at)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(folder, path));
        }
        catch (ArgumentException error)
        {
            throw new PolicyException($"{at}: '{YamlMappingReader.Escaped(path)}' is not a path: {OneLine(error.Message)}", error);
        }
    }

    private static string ReadText(string full, string display, string? includedAt)
    {
        var where = includedAt ?? display;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                throw new PolicyException(includedAt is null ? $"{display}: no such file" : $"{includedAt}: no such file: {display}");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new PolicyException($"{display}: {info.Length:N0} bytes is over the {MaxFileBytes / 1024 / 1024} MB a policy file may have");
            }

            // A FIFO or device reports length 0 and would block or never end (include: /dev/zero); an empty
            // regular file holds nothing either, so neither is opened.
            if (info.Length == 0)
            {
                return "";
            }

            // Read at most the limit, in case the file grows after it was measured.
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[Math.Min(info.Length, MaxFileBytes) + 1];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read > MaxFileBytes)
            {
                throw new PolicyException($"{display}: over the {MaxFileBytes / 1024 / 1024} MB a policy file may have");
            }

            return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, read).TrimStart('\uFEFF');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"{where}: cannot read {display}: {OneLine(error.Message)}", error);
        }
    }

    /// <summary>A policy needs no anchors; refusing them rules out alias bombs that expand a small file into a huge tree.</summary>
    private static void RejectAnchors(string display, YamlNode root)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node) || !node.Anchor.IsEmpty)
            {
                throw YamlMappingReader.Error(display, node, "anchors and aliases (&name, *name) are not allowed in a policy");
            }

            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        pending.Push(key);
                        pending.Push(value);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }
    }

    private static void LoadOsvFeed(string display, YamlNode node, string folder, LoadState state)
    {
        var feed = node is YamlScalarNode
            ? null
            : new YamlMappingReader(display, node, "an osv include");
        var pathText = feed is null ? ((YamlScalarNode)node).Value ?? "" : feed.RequiredText("path");
        var status = PolicyStatus.Banned;
        if (feed?.Optional("status") is { } statusNode)
        {
            status = PolicyEntryReader.ParseStatus(feed, statusNode);
        }

        feed?.RejectUnknown();
        var at = $"{display}:{node.Start.Line}";
        var target = Resolve(folder, pathText, at);
        IEnumerable<string> files;
        if (Directory.Exists(target))
        {
            files = Directory.EnumerateFiles(target, "*.json", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint })
                .Order(StringComparer.Ordinal);
        }
        else if (File.Exists(target))
        {
            files = [target];
        }
        else
        {
            throw new PolicyException($"{at}: no such OSV file or directory: {DisplayName(target, state.Root!)}");
        }

        try
        {
            foreach (var file in files)
            {
                if (++state.OsvRecords > MaxOsvRecords)
                {
                    throw new PolicyException($"{at}: more than {MaxOsvRecords:N0} OSV records");
                }

                var fileDisplay = DisplayName(file, state.Root!);
                state.Files.Add(file);
                if (OsvRecordReader.Read(fileDisplay, ReadText(file, fileDisplay, at), status) is { } entry)
                {
                    state.Entries.Add(entry);
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"{at}: cannot read {DisplayName(target, state.Root!)}: {OneLine(error.Message)}", error);
        }
    }

    /// <summary>Counts nesting as the events go by and refuses a file nested deeper than <see cref="MaxNestingDepth"/> before the node loader recurses into it.</summary>
    private sealed class DepthLimitedParser(IParser inner, string display) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart when ++_depth > MaxNestingDepth:
                    throw new PolicyException($"{display}:{inner.Current.Start.Line}: nested more than {MaxNestingDepth} levels deep");
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }

    internal static string OneLine(string message) => YamlMappingReader.Escaped(message.ReplaceLineEndings(" "));
}

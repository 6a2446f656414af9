using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Telltale.Inventory.Lockfiles;

/// <summary>
/// The mappings of a YAML lockfile down to a fixed depth, each with its key path, its scalar fields and the line of
/// its key, read from the parser's events. Not YamlDotNet's document model: that builds nodes recursively (a deeply
/// nested file could exhaust the stack) and a reader walking it could expand aliases; here nesting is counted and
/// refused past <see cref="LockfileReader.MaxDepth"/>, and aliases are skipped, never followed.
/// </summary>
internal static class YamlRecords
{
    public sealed record Mapping(IReadOnlyList<string> KeyPath, IReadOnlyDictionary<string, string> Fields, int Line);

    /// <summary>Every mapping at key-path length 0 to <paramref name="maxKeyDepth"/> of the first document, in file order.</summary>
    /// <exception cref="InvalidDataException">The YAML is malformed or nested too deeply.</exception>
    public static List<Mapping> Read(string content, string fileName, int maxKeyDepth)
    {
        var mappings = new List<Mapping>();
        var parser = new Parser(new StringReader(content));
        int lastLine = 1;
        try
        {
            // Explicit stacks rather than recursion, so depth costs heap, not stack.
            var keys = new List<string>();
            var open = new Stack<Frame>();
            bool started = false;
            while (Next(parser, fileName, ref lastLine))
            {
                ParsingEvent current = parser.Current!;
                lastLine = (int)current.End.Line;
                switch (current)
                {
                    case DocumentEnd when started:
                        return mappings;
                    case DocumentStart:
                        started = true;
                        break;
                    case MappingStart or SequenceStart:
                        if (open.Count >= LockfileReader.MaxDepth)
                        {
                            throw new InvalidDataException($"{fileName}:{current.Start.Line}: nested more than {LockfileReader.MaxDepth} levels deep.");
                        }

                        Frame? parent = open.Count > 0 ? open.Peek() : null;
                        string? key = parent?.TakeKeyForValue();
                        bool tracked = current is MappingStart && (open.Count == 0 || (parent!.Tracked && key is not null && keys.Count < maxKeyDepth));
                        if (tracked && open.Count > 0)
                        {
                            keys.Add(key!);
                        }

                        open.Push(new Frame(current is MappingStart, tracked, tracked ? [.. keys] : [], parent?.KeyLine ?? (int)current.Start.Line));
                        break;
                    case MappingEnd or SequenceEnd:
                        Frame done = open.Pop();
                        if (done.Tracked)
                        {
                            mappings.Add(new Mapping(done.KeyPath, done.Fields, done.Line));
                            if (open.Count > 0)
                            {
                                keys.RemoveAt(keys.Count - 1);
                            }
                        }

                        break;
                    case Scalar scalar when open.Count > 0:
                        open.Peek().Scalar(scalar);
                        break;
                    case AnchorAlias when open.Count > 0:
                        open.Peek().TakeKeyForValue();
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{fileName}:{e.Start.Line}: not valid YAML ({OneLine(e.Message)})", e);
        }

        return mappings;
    }

    private static bool Next(Parser parser, string fileName, ref int lastLine)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these (not YamlException) for some truncated input, e.g. a flow mapping
            // cut off inside a plain scalar; the last event read is the nearest line there is.
            throw new InvalidDataException($"{fileName}:{lastLine}: not valid YAML (it ends or breaks off after this line)", e);
        }
    }

    private static string OneLine(string message)
    {
        string line = message.Split('\n')[0].Trim();

        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: …): "; the line is already given.
        int dash = line.LastIndexOf("): ", StringComparison.Ordinal);
        return (dash >= 0 ? line[(dash + 3)..] : line).TrimEnd('.');
    }

    private sealed class Frame(bool isMapping, bool tracked, IReadOnlyList<string> keyPath, int line)
    {
        private string? _pendingKey;
        private bool _expectKey = true;

        public bool Tracked { get; } = tracked;

        public IReadOnlyList<string> KeyPath { get; } = keyPath;

        public int Line { get; } = line;

        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

        /// <summary>The line of the key whose value comes next (for a nested mapping, the line its record is named by).</summary>
        public int KeyLine { get; private set; }

        public void Scalar(Scalar scalar)
        {
            if (!isMapping)
            {
                return;
            }

            if (_expectKey)
            {
                _pendingKey = scalar.Value;
                KeyLine = (int)scalar.Start.Line;
                _expectKey = false;
            }
            else
            {
                if (Tracked && _pendingKey is not null)
                {
                    Fields.TryAdd(_pendingKey, scalar.Value);
                }

                _pendingKey = null;
                _expectKey = true;
            }
        }

        /// <summary>Called when a non-scalar node starts (or an alias stands) in this frame: it is a key or a value.</summary>
        public string? TakeKeyForValue()
        {
            if (!isMapping)
            {
                return null;
            }

            if (_expectKey)
            {
                // A complex key (a mapping or sequence as key): its value, whatever it is, is not tracked.
                _pendingKey = null;
                _expectKey = false;
                return null;
            }

            string? key = _pendingKey;
            _pendingKey = null;
            _expectKey = true;
            return key;
        }
    }
}

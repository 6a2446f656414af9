namespace Telltale.Inventory.Lockfiles;

/// <summary>
/// Yarn 1 <c>yarn.lock</c>: records headed by an unindented line of comma-separated specs ending in a colon
/// (<c>"@scope/name@^1.0.0", name@~1.0.0:</c>), with an indented <c>version "1.2.3"</c>. An alias spec
/// (<c>alias@npm:real@^1.0.0</c>) installs the real package.
/// </summary>
internal static class YarnClassicReader
{
    public static void Read(string content, LockfileSink sink)
    {
        string? header = null;
        int headerLine = 0;
        string? version = null;
        int lineNumber = 0;

        void Finish()
        {
            if (header is not null)
            {
                Add(sink, header, version, headerLine);
            }

            header = null;
            version = null;
        }

        foreach (string raw in content.Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                Finish();
                if (!line.EndsWith(':'))
                {
                    throw new InvalidDataException($"{sink.FileName}:{lineNumber}: expected a record header ending in ':'.");
                }

                header = line[..^1];
                headerLine = lineNumber;
            }
            else if (header is not null && version is null && line.StartsWith("  version ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                version = Unquote(line["  version ".Length..].Trim());
            }
        }

        Finish();
    }

    private static void Add(LockfileSink sink, string header, string? version, int line)
    {
        string spec = Unquote(FirstSpec(header));
        if (version is null)
        {
            sink.Skip(line, spec, "no version");
            return;
        }

        if (LockfileSink.SplitAt(spec) is not { } split)
        {
            sink.Skip(line, spec, "not name@range");
            return;
        }

        (string name, string range) = split;
        if (range.StartsWith("npm:", StringComparison.Ordinal))
        {
            // alias@npm:real@^1.0.0 installs real; alias@npm:^1.0.0 is the same package under its own name.
            if (LockfileSink.SplitAt(range[4..]) is { } real && !char.IsDigit(real.Name[0]) && real.Name[0] is not ('^' or '~' or '>' or '<' or '='))
            {
                name = real.Name;
            }
        }
        else if (range.StartsWith("file:", StringComparison.Ordinal) || range.StartsWith("link:", StringComparison.Ordinal))
        {
            return;
        }

        sink.Add(name, version, spec, line);
    }

    private static string FirstSpec(string header)
    {
        // Specs are separated by ", "; a quoted spec cannot contain a quote, so the first comma outside quotes ends it.
        bool quoted = false;
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i] == '"')
            {
                quoted = !quoted;
            }
            else if (header[i] == ',' && !quoted)
            {
                return header[..i].Trim();
            }
        }

        return header.Trim();
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
}

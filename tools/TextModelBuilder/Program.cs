using System.Diagnostics;
using Telltale.Decoding;

// Builds src/Telltale.Core/Decoding/text-model.bin, the character model behind TextModel.Default, from this
// repository's own prose and code as they stand at one commit, read through git so the same commit always gives
// the same tables. See docs/text-model.md for why these files and how the shipped tables were built.
//
//   dotnet run --project tools/TextModelBuilder -c Release -- REPO_ROOT REVISION [OUTPUT]
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: TextModelBuilder REPO_ROOT REVISION [OUTPUT]");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var revision = args[1];
var output = args.Length > 2 ? args[2] : Path.Combine(root, "src", "Telltale.Core", "Decoding", "text-model.bin");

// Prose is a tenth of the code by size but what most literals in a bundle are (messages, descriptions),
// so it is counted four times.
const int ProseWeight = 4;
var files = Git(root, "ls-tree", "-r", "--name-only", revision).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
var prose = files.Where(f => f.EndsWith(".md", StringComparison.Ordinal) && (!f.Contains('/', StringComparison.Ordinal) || f.StartsWith("docs/", StringComparison.Ordinal))).ToList();
var code = files.Where(f => (f.StartsWith("src/", StringComparison.Ordinal) && f.EndsWith(".cs", StringComparison.Ordinal))
    || (f.StartsWith("rules/", StringComparison.Ordinal) && f.EndsWith(".yaml", StringComparison.Ordinal))
    || (f.StartsWith("tools/obfuscator/", StringComparison.Ordinal) && f.EndsWith(".js", StringComparison.Ordinal))).ToList();

var units = new List<string>();
foreach (var file in prose)
{
    var lines = Units(Git(root, "show", $"{revision}:{file}")).ToList();
    for (var i = 0; i < ProseWeight; i++)
    {
        units.AddRange(lines);
    }
}

foreach (var file in code)
{
    units.AddRange(Units(Git(root, "show", $"{revision}:{file}")));
}

// The repository is English, but messages and lists come in every script, and the model folds all letters
// beyond ASCII into one symbol: each prose line is written once more in such letters with its spaces (as
// Cyrillic or Greek read) and once without them, ending in full-width punctuation (as Chinese or Japanese read).
foreach (var file in prose)
{
    foreach (var line in Units(Git(root, "show", $"{revision}:{file}")))
    {
        units.Add(Respell(line, spaced: true));
        units.Add(Respell(line, spaced: false));
    }
}

var model = TextModel.Train(units);
using (var stream = File.Create(output))
{
    model.Write(stream);
}

Console.WriteLine($"{revision}: {prose.Count} prose files, {code.Count} code files, {units.Count} units, {model.TrainingSymbols} symbols -> {output} ({new FileInfo(output).Length} bytes)");
return 0;

static string Git(string root, params string[] arguments)
{
    var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
    start.ArgumentList.Add("-C");
    start.ArgumentList.Add(root);
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
    var text = git.StandardOutput.ReadToEnd();
    git.WaitForExit();
    return git.ExitCode == 0 ? text : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed");
}

static string Respell(string line, bool spaced)
{
    var builder = new System.Text.StringBuilder(line.Length);
    foreach (var c in line)
    {
        if (char.IsAsciiLetter(c))
        {
            builder.Append(spaced ? 'ж' : '字');
        }
        else if (c == ' ' && !spaced)
        {
            continue;
        }
        else if (!spaced && c is ',' or '.' or ':' or ';' or '!' or '?' or '(' or ')')
        {
            builder.Append(c switch { ',' => '，', '.' => '。', ':' => '：', ';' => '；', '!' => '！', '?' => '？', '(' => '（', _ => '）' });
        }
        else
        {
            builder.Append(c);
        }
    }

    return builder.ToString();
}

// Literals are mostly one line: every line stands alone, without its indentation, and each pair of
// neighbouring lines once more joined by a line feed, so line breaks inside a string are known too.
static IEnumerable<string> Units(string text)
{
    var lines = text.Split('\n').Select(l => l.Trim()).ToArray();
    for (var i = 0; i < lines.Length; i++)
    {
        if (lines[i].Length == 0)
        {
            continue;
        }

        yield return lines[i];
        if (i + 1 < lines.Length && lines[i + 1].Length > 0)
        {
            yield return lines[i] + "\n" + lines[i + 1];
        }
    }
}

using Telltale.Decoding;

// Builds src/Telltale.Core/Decoding/text-model.bin, the character model behind TextModel.Default, from this
// repository's own prose and code. See docs/text-model.md for why these files and how to rebuild.
//
//   dotnet run --project tools/TextModelBuilder -c Release -- REPO_ROOT [OUTPUT]
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: TextModelBuilder REPO_ROOT [OUTPUT]");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var output = args.Length > 1 ? args[1] : Path.Combine(root, "src", "Telltale.Core", "Decoding", "text-model.bin");

// Prose is a tenth of the code by size but what most literals in a bundle are (messages, descriptions),
// so it is counted four times.
const int ProseWeight = 4;
var prose = Files(root, ".", "*.md", recurse: false).Concat(Files(root, "docs", "*.md", recurse: true)).ToList();
var code = Files(root, "src", "*.cs", recurse: true)
    .Concat(Files(root, "rules", "*.yaml", recurse: true))
    .Concat(Files(root, "tools/obfuscator", "*.js", recurse: false))
    .ToList();

var units = new List<string>();
foreach (var file in prose)
{
    var lines = Units(file).ToList();
    for (var i = 0; i < ProseWeight; i++)
    {
        units.AddRange(lines);
    }
}

foreach (var file in code)
{
    units.AddRange(Units(file));
}

// The repository is English, but messages and lists come in every script, and the model folds all letters
// beyond ASCII into one symbol: each prose line is written once more in such letters with its spaces (as
// Cyrillic or Greek read) and once without them, ending in full-width punctuation (as Chinese or Japanese read).
foreach (var file in prose)
{
    foreach (var line in Units(file))
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

Console.WriteLine($"{prose.Count} prose files, {code.Count} code files, {units.Count} units, {model.TrainingSymbols} symbols -> {output} ({new FileInfo(output).Length} bytes)");
return 0;

// Ordinal order, so the same tree gives the same model on any machine.
static IEnumerable<string> Files(string root, string folder, string pattern, bool recurse)
{
    var directory = Path.Combine(root, folder);
    if (!Directory.Exists(directory))
    {
        return [];
    }

    return Directory.EnumerateFiles(directory, pattern, recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);
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
static IEnumerable<string> Units(string file)
{
    var lines = File.ReadAllLines(file).Select(l => l.Trim()).ToArray();
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

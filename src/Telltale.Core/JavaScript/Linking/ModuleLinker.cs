using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using Acornima.Ast;
using Telltale.JavaScript.Normalisation;

namespace Telltale.JavaScript.Linking;

/// <summary>
/// Follows <c>require</c> and <c>import</c> between the files of a package: files that name each other by relative
/// specifiers (<c>require("./lib/hosts")</c>, <c>import { x } from "../x.js"</c>, <c>import("./y.mjs")</c>) form a
/// component, and a component is analysed as one program in which each file is a module function of a table and each
/// relative require or import reads that function's exports, the way a bundler links them. A check split across
/// files (the list in one, the choice in another, the request in a third) is then one chain, as it is at run time.
/// Files keep their text: only module syntax is rewritten, and every location maps back to its file.
/// </summary>
internal static partial class ModuleLinker
{
    private const string TableName = "__telltale_files";
    private const string EsmExports = "__telltale_exports";

    /// <summary>Extensions Node tries for a specifier without one, and the index files of a folder.</summary>
    private static readonly string[] Suffixes = ["", ".js", ".cjs", ".mjs", "/index.js", "/index.cjs", "/index.mjs"];

    /// <summary>
    /// Groups <paramref name="scripts"/> into components of files that name each other, each in the scripts' order;
    /// a file that names none and is named by none is a component of its own. Specifiers are read off the text
    /// (<see cref="NamesRelativeModule"/>), not parsed: one written in a string or a comment only links a file that
    /// did not need it, and a large bundle is not parsed again to learn that it names nothing of its package.
    /// </summary>
    public static List<List<int>> Components(IReadOnlyList<PackageScript> scripts, CancellationToken cancellationToken = default)
    {
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scripts.Count; i++)
        {
            byPath.TryAdd(scripts[i].Path, i);
        }

        var parent = Enumerable.Range(0, scripts.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (var i = 0; i < scripts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var match in RelativeSpecifier().EnumerateMatches(scripts[i].Text))
            {
                var written = scripts[i].Text.AsSpan(match.Index, match.Length);
                var quote = written.IndexOfAny("\"'`");
                var specifier = written[(quote + 1)..^1].ToString();
                if (Resolve(scripts[i].Path, specifier, byPath) is { } target && target != i)
                {
                    parent[Find(target)] = Find(i);
                }
            }
        }

        return [.. Enumerable.Range(0, scripts.Count).GroupBy(Find).Select(g => g.Order().ToList()).OrderBy(g => g[0])];
    }

    /// <summary>True when the text seems to require or import a file by a relative path (a cheap test, without parsing).</summary>
    public static bool NamesRelativeModule(string text) => RelativeSpecifier().IsMatch(text);

    // Every byte of the text is the package's: NonBacktracking keeps the scan linear.
    [GeneratedRegex("""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s*)(?:"\.\.?/[^"\r\n]{0,512}"|'\.\.?/[^'\r\n]{0,512}'|`\.\.?/[^`$\r\n]{0,512}`)""", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RelativeSpecifier();

    /// <summary>
    /// One program of the files of a component: a table of module functions, one per file, whose relative
    /// requires and imports call each other. Null when a file does not parse.
    /// </summary>
    public static LinkedSource? Link(IReadOnlyList<PackageScript> files)
    {
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            byPath.TryAdd(files[i].Path, i);
        }

        var builder = new StringBuilder();
        var pieces = new List<LinkedSource.Piece>();
        builder.Append("var ").Append(TableName).Append("={\n");
        for (var i = 0; i < files.Count; i++)
        {
            if (JavaScriptProgram.TryParse(files[i].Text, files[i].Path, out _) is not { } program)
            {
                return null;
            }

            // By what the file declares, not by how it parsed: CommonJS code often parses as a module too.
            var isModule = program.Root.Body.Any(s => s is ImportDeclaration or ExportNamedDeclaration or ExportDefaultDeclaration or ExportAllDeclaration);
            var edits = new SourceEdits();
            var tail = new StringBuilder();
            RewriteModuleSyntax(program, files[i].Path, byPath, files, edits, tail);
            var (text, map) = edits.Apply(program.Source);
            var topLevelAwait = AstWalk.Descendants(program.Root).OfType<AwaitExpression>().Any(a => program.FunctionOf(a) is Program);
            builder.Append(JsonSerializer.Serialize(files[i].Path)).Append(':').Append(topLevelAwait ? "async " : "").Append("function(){")
                .Append(isModule ? $"var {EsmExports}={{}};" : "var exports={},module={exports:exports};")
                .Append('\n');
            pieces.Add(new LinkedSource.Piece(builder.Length, text.Length, i, map));
            builder.Append(text).Append("\n;").Append(tail).Append(isModule ? $"return {EsmExports}}},\n" : "return module.exports},\n");
        }

        builder.Append("};\n");
        return new LinkedSource(builder.ToString(), files, pieces);
    }

    /// <summary>Every module specifier written as a literal: requires, static and dynamic imports, re-exports.</summary>
    private static IEnumerable<(Node Site, string Specifier)> Specifiers(JavaScriptProgram program)
    {
        foreach (var node in AstWalk.Descendants(program.Root))
        {
            switch (node)
            {
                case CallExpression { Callee: Identifier { Name: "require" } callee, Arguments: [StringLiteral specifier] } when program.ScopeOf(callee) is null:
                    yield return (node, specifier.Value);
                    break;
                case ImportExpression { Source: StringLiteral specifier }:
                    yield return (node, specifier.Value);
                    break;
                case ImportDeclaration { Source: { } specifier }:
                    yield return (node, specifier.Value);
                    break;
                case ExportNamedDeclaration { Source: { } specifier }:
                    yield return (node, specifier.Value);
                    break;
                case ExportAllDeclaration { Source: { } specifier }:
                    yield return (node, specifier.Value);
                    break;
            }
        }
    }

    /// <summary>
    /// The file a relative specifier names, as Node would find it (exact name, added extension, a folder's index),
    /// never outside the archive the importing file is in. Null for bare specifiers and files not in the package.
    /// </summary>
    private static int? Resolve(string from, string specifier, Dictionary<string, int> byPath)
    {
        if (!specifier.StartsWith("./", StringComparison.Ordinal) && !specifier.StartsWith("../", StringComparison.Ordinal))
        {
            return null;
        }

        // An entry inside an archive is named "archive!/path": the archive is the root a specifier cannot leave.
        var container = from.LastIndexOf("!/", StringComparison.Ordinal);
        var root = container >= 0 ? from[..(container + 2)] : "";
        var segments = from[root.Length..].Split('/').SkipLast(1).ToList();
        foreach (var part in specifier.Split('/'))
        {
            switch (part)
            {
                case "." or "":
                    break;
                case "..":
                    if (segments.Count == 0)
                    {
                        return null;
                    }

                    segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(part);
                    break;
            }
        }

        var path = root + string.Join('/', segments);
        foreach (var suffix in Suffixes)
        {
            if (byPath.TryGetValue(path + suffix, out var index))
            {
                return index;
            }
        }

        return null;
    }

    /// <summary>
    /// Relative requires and imports become calls of the table's functions; import and export declarations, which a
    /// function body cannot hold, become declarations and assignments to the exports object (written in
    /// <paramref name="tail"/>, after the body, so hoisting cannot matter). A hashbang line is blanked.
    /// </summary>
    private static void RewriteModuleSyntax(JavaScriptProgram program, string path, Dictionary<string, int> byPath, IReadOnlyList<PackageScript> files, SourceEdits edits, StringBuilder tail)
    {
        if (program.Source.StartsWith("#!", StringComparison.Ordinal))
        {
            var end = program.Source.IndexOfAny(['\n', '\r']);
            edits.TryAdd(0, end < 0 ? program.Source.Length : end, "");
        }

        string Load(string specifier) => Resolve(path, specifier, byPath) is { } target
            ? $"{TableName}[{JsonSerializer.Serialize(files[target].Path)}]()"
            : $"require({JsonSerializer.Serialize(specifier)})";

        foreach (var (site, specifier) in Specifiers(program))
        {
            switch (site)
            {
                case CallExpression call when Resolve(path, specifier, byPath) is not null:
                    edits.TryAdd(call.Start, call.End, Load(specifier));
                    break;
                case ImportExpression dynamicImport when Resolve(path, specifier, byPath) is not null:
                    edits.TryAdd(dynamicImport.Start, dynamicImport.End, $"Promise.resolve({Load(specifier)})");
                    break;
            }
        }

        foreach (var statement in program.Root.Body)
        {
            switch (statement)
            {
                case ImportDeclaration import:
                    edits.TryAdd(import.Start, import.End, ImportBindings(import, Load(import.Source.Value)));
                    break;
                case ExportNamedDeclaration { Declaration: { } declaration } export:
                    edits.TryAdd(export.Start, declaration.Start, "");
                    foreach (var name in DeclaredNames(declaration))
                    {
                        tail.Append(EsmExports).Append('[').Append(JsonSerializer.Serialize(name)).Append("]=").Append(name).Append(';');
                    }

                    break;
                case ExportNamedDeclaration export:
                    var source = export.Source is { } from ? Load(from.Value) : null;
                    var assignments = new StringBuilder();
                    foreach (var specifier in export.Specifiers)
                    {
                        var local = ModuleExportName(specifier.Local);
                        var exported = ModuleExportName(specifier.Exported);
                        var value = source is null ? local : $"{source}[{JsonSerializer.Serialize(local)}]";
                        (source is null ? tail : assignments).Append(EsmExports).Append('[').Append(JsonSerializer.Serialize(exported)).Append("]=").Append(value).Append(';');
                    }

                    edits.TryAdd(export.Start, export.End, assignments.ToString());
                    break;
                case ExportDefaultDeclaration { Declaration: FunctionDeclaration { Id: not null } or ClassDeclaration { Id: not null } } export:
                    edits.TryAdd(export.Start, ((Node)export.Declaration).Start, "");
                    tail.Append(EsmExports).Append("[\"default\"]=").Append(DeclaredNames((Node)export.Declaration).First()).Append(';');
                    break;
                case ExportDefaultDeclaration export:
                    edits.TryAdd(export.Start, ((Node)export.Declaration).Start, $"{EsmExports}[\"default\"]=");
                    break;
                case ExportAllDeclaration { Exported: { } name } export:
                    edits.TryAdd(export.Start, export.End, $"{EsmExports}[{JsonSerializer.Serialize(ModuleExportName(name))}]={Load(export.Source.Value)};");
                    break;
                case ExportAllDeclaration export:
                    edits.TryAdd(export.Start, export.End, $"Object.assign({EsmExports},{Load(export.Source.Value)});");
                    break;
            }
        }
    }

    /// <summary><c>import d, { a as b } from "x"</c> as <c>const { default: d, a: b } = load;</c> (a namespace import takes the whole object).</summary>
    private static string ImportBindings(ImportDeclaration import, string load)
    {
        if (import.Specifiers.Count == 0)
        {
            return load + ";";
        }

        var text = new StringBuilder();
        var names = new List<string>();
        foreach (var specifier in import.Specifiers)
        {
            switch (specifier)
            {
                case ImportNamespaceSpecifier ns:
                    text.Append("const ").Append(ns.Local.Name).Append('=').Append(load).Append(';');
                    break;
                case ImportDefaultSpecifier d:
                    names.Add($"default:{d.Local.Name}");
                    break;
                case ImportSpecifier named:
                    names.Add($"{JsonSerializer.Serialize(ModuleExportName(named.Imported))}:{named.Local.Name}");
                    break;
            }
        }

        if (names.Count > 0)
        {
            text.Append("const {").Append(string.Join(',', names)).Append("}=").Append(load).Append(';');
        }

        return text.ToString();
    }

    private static string ModuleExportName(Node name) => name switch
    {
        Identifier id => id.Name,
        StringLiteral s => s.Value,
        _ => "",
    };

    private static IEnumerable<string> DeclaredNames(Node declaration) => declaration switch
    {
        FunctionDeclaration { Id: { } id } => [id.Name],
        ClassDeclaration { Id: { } id } => [id.Name],
        VariableDeclaration variables => variables.Declarations.SelectMany(d => PatternNames(d.Id)),
        _ => [],
    };

    private static IEnumerable<string> PatternNames(Node pattern) => pattern switch
    {
        Identifier id => [id.Name],
        ObjectPattern obj => obj.Properties.SelectMany(p => p switch
        {
            Property property => PatternNames(property.Value),
            RestElement rest => PatternNames(rest.Argument),
            _ => [],
        }),
        ArrayPattern array => array.Elements.Where(e => e is not null).SelectMany(e => PatternNames(e!)),
        AssignmentPattern assignment => PatternNames(assignment.Left),
        RestElement rest => PatternNames(rest.Argument),
        _ => [],
    };
}

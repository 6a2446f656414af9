using Acornima;
using Acornima.Ast;

namespace Telltale.Tests.JavaScript.Bundling;

/// <summary>
/// What of a package's scripts must still be in its bundle, read from the syntax trees rather than the text (a
/// minifier rewrites quotes, escapes and spacing). Bundlers rename variables and private names, but never a
/// property a program reads (<c>process.env</c>, <c>.hostname</c>, <c>.messages</c>) nor a name the package exports,
/// so every one of those must survive unless the bundler dropped the code that held it.
/// </summary>
internal static class BundleSurvival
{
    /// <summary>
    /// The names <paramref name="source"/> reads as properties (<c>a.b</c>, not <c>a[b]</c> or <c>a.#b</c>) and,
    /// when it is the package's <paramref name="entry"/>, the names it exports (<c>export function a</c>,
    /// <c>export { b as c }</c>, <c>module.exports = { d }</c>); the exports of the other modules are the bundle's
    /// inside and are renamed like variables. Two kinds of property read are the module system's, which bundlers
    /// replace with their own: <c>require.main</c> (webpack writes its module cache) and a member of an
    /// <c>import * as ns</c> namespace (bundlers read the imported binding directly).
    /// </summary>
    public static IReadOnlySet<string> KeptNames(string source, bool module, bool entry)
    {
        var root = Parse(source, module);
        var namespaces = Descendants(root).OfType<ImportNamespaceSpecifier>().Select(n => n.Local.Name).ToHashSet(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Descendants(root))
        {
            switch (node)
            {
                case MemberExpression { Computed: false, Object: Identifier owner } when owner.Name == "require" || namespaces.Contains(owner.Name):
                    break;
                case MemberExpression { Computed: false, Property: Identifier property }:
                    names.Add(property.Name);
                    break;
                case ExportNamedDeclaration export when entry:
                    AddDeclaredNames(export.Declaration, names);
                    foreach (var specifier in export.Specifiers)
                    {
                        AddName(specifier.Exported, names);
                    }

                    break;
                case AssignmentExpression { Left: MemberExpression { Object: Identifier { Name: "module" }, Property: Identifier { Name: "exports" } }, Right: ObjectExpression exported } when entry:
                    foreach (var property in exported.Properties.OfType<Property>().Where(p => !p.Computed))
                    {
                        AddName(property.Key, names);
                    }

                    break;
            }
        }

        return names;
    }

    /// <summary>Every identifier and string literal in <paramref name="bundle"/>: where a kept name can be.</summary>
    public static IReadOnlySet<string> Names(string bundle, bool module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Descendants(Parse(bundle, module)))
        {
            AddName(node, names);
        }

        return names;
    }

    /// <summary>
    /// Whether the ES module <paramref name="source"/> awaits outside every function. CommonJS loads synchronously,
    /// so such a module has no CommonJS form: esbuild refuses to write it as one.
    /// </summary>
    public static bool HasTopLevelAwait(string source)
    {
        var pending = new Stack<Node>([Parse(source, module: true)]);
        while (pending.TryPop(out var node))
        {
            if (node is AwaitExpression or ForOfStatement { Await: true })
            {
                return true;
            }

            foreach (var child in node.ChildNodes)
            {
                if (child is not IFunction)
                {
                    pending.Push(child);
                }
            }
        }

        return false;
    }

    private static Node Parse(string source, bool module)
    {
        // A CommonJS script is the body of node's module function, so it may return.
        var parser = new Parser(new ParserOptions { AllowHashBang = true, EcmaVersion = EcmaVersion.Latest, AllowReturnOutsideFunction = !module });
        return module ? parser.ParseModule(source) : parser.ParseScript(source);
    }

    private static IEnumerable<Node> Descendants(Node root)
    {
        var pending = new Stack<Node>([root]);
        while (pending.TryPop(out var node))
        {
            yield return node;
            foreach (var child in node.ChildNodes)
            {
                pending.Push(child);
            }
        }
    }

    private static void AddDeclaredNames(Declaration? declaration, HashSet<string> names)
    {
        switch (declaration)
        {
            case FunctionDeclaration { Id: { } id }:
                names.Add(id.Name);
                break;
            case ClassDeclaration { Id: { } id }:
                names.Add(id.Name);
                break;
            case VariableDeclaration variables:
                foreach (var declarator in variables.Declarations)
                {
                    AddName(declarator.Id, names);
                }

                break;
        }
    }

    private static void AddName(Node node, HashSet<string> names)
    {
        switch (node)
        {
            case Identifier identifier:
                names.Add(identifier.Name);
                break;
            case StringLiteral literal:
                names.Add(literal.Value);
                break;
        }
    }
}

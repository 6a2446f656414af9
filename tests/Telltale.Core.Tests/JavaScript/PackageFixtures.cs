using System.Text.Json;

namespace Telltale.Tests.JavaScript;

/// <summary>
/// The package fixtures in <c>JavaScript/Packages</c>: each <c>&lt;name&gt;/</c> is a small package (a
/// <c>package.json</c> and several scripts that require or import each other) with <c>&lt;name&gt;.expected.json</c>
/// beside it, in the schema of <see cref="FixtureExpectations"/> plus <c>entry</c>, the package's entry file. Shared
/// by every test that analyses a package fixture in some form (as written, bundled, …) so that each form is held to
/// exactly the same expectations.
/// </summary>
internal static class PackageFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "JavaScript", "Packages");

    /// <summary>Every package fixture's folder name, in ordinal order.</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateDirectories(Root)
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal);

    public static string Folder(string name) => Path.Combine(Root, name);

    /// <summary>
    /// Every file of package <paramref name="name"/>, <c>package.json</c> included, by its path relative to the
    /// package folder with <c>/</c> separators (as npm and module specifiers write it), in ordinal order.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Files(string name)
    {
        var folder = Folder(name);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllText(file);
        }

        return files;
    }

    /// <summary>The package's scripts only: the <c>.js</c>, <c>.mjs</c> and <c>.cjs</c> files of <see cref="Files"/>.</summary>
    public static IReadOnlyDictionary<string, string> Scripts(string name) =>
        Files(name)
            .Where(f => f.Key.EndsWith(".js", StringComparison.Ordinal) || f.Key.EndsWith(".mjs", StringComparison.Ordinal) || f.Key.EndsWith(".cjs", StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);

    /// <summary>The parsed <c>&lt;name&gt;.expected.json</c> beside package <paramref name="name"/>; the caller disposes it.</summary>
    public static JsonDocument Expected(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, name + ".expected.json")));

    /// <summary>The package's entry file, as its expected file names it (relative to the package folder).</summary>
    public static string Entry(string name)
    {
        using var expected = Expected(name);
        return expected.RootElement.GetProperty("entry").GetString()
            ?? throw new InvalidDataException($"{name}.expected.json names no entry");
    }
}

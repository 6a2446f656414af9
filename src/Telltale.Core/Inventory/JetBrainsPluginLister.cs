using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using Telltale.Policy;

namespace Telltale.Inventory;

/// <summary>
/// Plugins of JetBrains IDEs installed from the Marketplace: a folder per plugin whose <c>lib/*.jar</c> holds
/// <c>META-INF/plugin.xml</c>, or a single jar. Only the jar's directory is read and the one small entry inflated;
/// jars are hostile input like any archive (a damaged directory, an entry that inflates without end, an XML
/// bomb), and each of those is a problem line.
/// </summary>
internal static partial class JetBrainsPluginLister
{
    /// <summary>A jar larger than this is not opened: its directory alone could take that much memory.</summary>
    private const long MaxJarBytes = 256L * 1024 * 1024;

    /// <summary>Per home: where each IDE's plugins folder is (<c>*</c> = the IDE's folder, <c>IntelliJIdea2025.2</c>).</summary>
    private static readonly string[] PluginFolders =
    [
        ".local/share/JetBrains/*",
        "Library/Application Support/JetBrains/*/plugins",
    ];

    private static readonly Dictionary<string, string> ProductNames = new(StringComparer.Ordinal)
    {
        ["IntelliJIdea"] = "IntelliJ IDEA",
        ["IdeaIC"] = "IntelliJ IDEA Community",
        ["PyCharm"] = "PyCharm",
        ["PyCharmCE"] = "PyCharm Community",
        ["WebStorm"] = "WebStorm",
        ["PhpStorm"] = "PhpStorm",
        ["GoLand"] = "GoLand",
        ["Rider"] = "Rider",
        ["CLion"] = "CLion",
        ["RubyMine"] = "RubyMine",
        ["DataGrip"] = "DataGrip",
        ["DataSpell"] = "DataSpell",
        ["RustRover"] = "RustRover",
        ["Aqua"] = "Aqua",
        ["AndroidStudio"] = "Android Studio",
    };

    public static void List(InventoryContext context, IReadOnlyList<UserHome> homes)
    {
        foreach (var home in homes)
        {
            foreach (var pattern in PluginFolders)
            {
                foreach (var (place, wildcards) in context.Expand(home.Directory.ImagePath.TrimEnd('/') + "/" + pattern))
                {
                    // Toolbox, consentOptions and other folders beside the IDEs' are not IDEs.
                    if (ProductFolder().Match(wildcards[0]) is not { Success: true } product || !context.Claim(InventoryItemKind.JetBrainsPlugin, place.ImagePath))
                    {
                        continue;
                    }

                    var productName = ProductNames.GetValueOrDefault(product.Groups["product"].Value, product.Groups["product"].Value);
                    ListFolder(context, place, $"{productName} {product.Groups["version"].Value}", home.User);
                }
            }
        }
    }

    private static void ListFolder(InventoryContext context, RootedPath folder, string source, string user)
    {
        foreach (var (name, listed, target) in context.FileSystem.List(folder))
        {
            if (name.StartsWith('.'))
            {
                continue;
            }

            PluginDescriptor? descriptor = null;
            if (!target.IsDirectory)
            {
                if (!name.EndsWith(".jar", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                descriptor = ReadJar(context, target);
            }
            else
            {
                descriptor = ReadPluginFolder(context, target);
            }

            if (descriptor?.Id is null && descriptor?.Name is null)
            {
                context.Problems.Add(listed, "no readable META-INF/plugin.xml with an id or name; named from the folder");
            }

            context.Add(new InventoryItem
            {
                Kind = InventoryItemKind.JetBrainsPlugin,
                Ecosystem = PolicyEcosystems.JetBrains,

                // A plugin without <id> is known by its <name>, as the IDE does.
                Name = descriptor?.Id ?? descriptor?.Name ?? name,
                Version = descriptor?.Version,
                Path = listed,
                Source = source,
                User = user,
            });
        }
    }

    private static PluginDescriptor? ReadPluginFolder(InventoryContext context, RootedPath plugin)
    {
        if (context.FileSystem.Child(plugin, "lib") is not { IsDirectory: true } lib)
        {
            return null;
        }

        var jars = context.FileSystem.List(lib)
            .Where(e => !e.Target.IsDirectory && e.Name.EndsWith(".jar", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (jars.Count > context.Options.MaxJarsPerPlugin)
        {
            context.Problems.Add(lib.ImagePath, $"{jars.Count} jars; only the first {context.Options.MaxJarsPerPlugin} were looked into for plugin.xml");
        }

        foreach (var jar in jars.Take(context.Options.MaxJarsPerPlugin))
        {
            if (ReadJar(context, jar.Target) is { } descriptor)
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The descriptor in <paramref name="jar"/>, or null when it has none (most jars of a plugin do not) or cannot be read.</summary>
    private static PluginDescriptor? ReadJar(InventoryContext context, RootedPath jar)
    {
        if (jar.Length == 0 || jar.Length > MaxJarBytes)
        {
            if (jar.Length > MaxJarBytes)
            {
                context.Problems.Add(jar.ImagePath, $"jar of {jar.Length} bytes is over the {MaxJarBytes}-byte limit; not opened");
            }

            return null;
        }

        try
        {
            using var stream = new FileStream(jar.HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
            if (archive.GetEntry("META-INF/plugin.xml") is not { } entry)
            {
                return null;
            }

            // The declared length can lie; the read below is capped whatever it says.
            var limit = context.Options.MaxManifestBytes;
            using var content = entry.Open();
            var buffer = new byte[limit + 1];
            var read = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read > limit)
            {
                context.Problems.Add(jar.ImagePath + "!/META-INF/plugin.xml", $"over the {limit}-byte limit for a manifest; not read");
                return null;
            }

            return ParseDescriptor(buffer.AsMemory(0, read), out var problem) ?? Problem(context, jar, problem);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            context.Problems.Add(jar.ImagePath, $"cannot read the jar: {e.Message}");
            return null;
        }
    }

    private static PluginDescriptor? Problem(InventoryContext context, RootedPath jar, string? problem)
    {
        context.Problems.Add(jar.ImagePath + "!/META-INF/plugin.xml", problem ?? "unreadable");
        return null;
    }

    /// <summary>The <c>id</c>, <c>name</c> and <c>version</c> children of <c>idea-plugin</c>; no DTD, no external entity is ever read.</summary>
    internal static PluginDescriptor? ParseDescriptor(ReadOnlyMemory<byte> xml, out string? problem)
    {
        problem = null;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = xml.Length * 2L + 1024,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var stream = new MemoryStream(xml.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "idea-plugin")
            {
                problem = "not an idea-plugin descriptor";
                return null;
            }

            string? id = null, name = null, version = null;
            var depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName is "id" or "name" or "version")
                {
                    var field = reader.LocalName;
                    var text = reader.ReadElementContentAsString().Trim();
                    text = text.Length is 0 or > 1024 ? "" : text;
                    if (text.Length > 0)
                    {
                        switch (field)
                        {
                            case "id": id ??= text; break;
                            case "name": name ??= text; break;
                            default: version ??= text; break;
                        }
                    }

                    continue;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
                {
                    reader.Skip();
                    continue;
                }

                reader.Read();
            }

            return new PluginDescriptor(id, name, version);
        }
        catch (XmlException e)
        {
            problem = $"plugin.xml is not well-formed XML ({e.Message})";
            return null;
        }
    }

    /// <summary>What a descriptor says; any may be missing.</summary>
    internal sealed record PluginDescriptor(string? Id, string? Name, string? Version);

    [GeneratedRegex(@"^(?<product>[A-Za-z]+)(?<version>[0-9]{4}\.[0-9]+(?:\.[0-9]+)?)$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex ProductFolder();
}

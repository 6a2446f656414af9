using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Telltale.Tests.Inventory;

/// <summary>
/// A machine's tree built in a temporary folder: homes, global npm prefixes, editor extensions, plugins, links.
/// <see cref="Root"/> is what <c>--root</c> reads; <see cref="Outside"/> is a sibling folder a hostile link points
/// into, which must never be read. Everything is deleted on dispose, unreadable folders made readable first.
/// </summary>
internal sealed class FakeMachine : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-inventory-").FullName;
    private readonly List<string> _locked = [];

    public FakeMachine()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
    }

    public string Root => Path.Combine(_folder, "root");

    public string Outside => Path.Combine(_folder, "outside");

    /// <summary>The host path of an absolute path in the tree.</summary>
    public string Host(string imagePath) => Root + imagePath;

    public FakeMachine File(string imagePath, string text) => File(imagePath, Encoding.UTF8.GetBytes(text));

    public FakeMachine File(string imagePath, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Host(imagePath))!);
        System.IO.File.WriteAllBytes(Host(imagePath), bytes);
        return this;
    }

    public FakeMachine Folder(string imagePath)
    {
        Directory.CreateDirectory(Host(imagePath));
        return this;
    }

    /// <summary>A package folder with a package.json naming it.</summary>
    public FakeMachine Package(string nodeModules, string name, string version, string? manifestName = null) =>
        File($"{nodeModules}/{name}/package.json", JsonSerializer.Serialize(new { name = manifestName ?? name, version, bin = "cli.js" }))
            .File($"{nodeModules}/{name}/cli.js", "#!/usr/bin/env node\nconsole.log('hi');\n");

    public FakeMachine Extension(string extensionsFolder, string publisher, string name, string version, string? platform = null) =>
        File($"{extensionsFolder}/{publisher}.{name}-{version}{(platform is null ? "" : "-" + platform)}/package.json",
            JsonSerializer.Serialize(new { publisher, name, version, engines = new { vscode = "^1.90.0" } }));

    /// <summary>A jar at <paramref name="imagePath"/> holding <c>META-INF/plugin.xml</c> (and a class file, as real jars do).</summary>
    public FakeMachine PluginJar(string imagePath, string pluginXml)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Host(imagePath))!);
        using var zip = ZipFile.Open(Host(imagePath), ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("META-INF/plugin.xml").Open()))
        {
            writer.Write(pluginXml);
        }

        using (var stream = zip.CreateEntry("com/example/Plugin.class").Open())
        {
            stream.Write([0xCA, 0xFE, 0xBA, 0xBE]);
        }

        return this;
    }

    /// <summary>A symbolic link at <paramref name="imagePath"/> whose target is <paramref name="target"/> as written (not resolved).</summary>
    public FakeMachine Link(string imagePath, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Host(imagePath))!);
        System.IO.File.CreateSymbolicLink(Host(imagePath), target);
        return this;
    }

    /// <summary>Places a copy of an executable in the tree: a hard link when the file system allows (large builds), else a copy.</summary>
    public FakeMachine Executable(string imagePath, string hostFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Host(imagePath))!);
        if (!HardLink(hostFile, Host(imagePath)))
        {
            System.IO.File.Copy(hostFile, Host(imagePath));
        }

        return this;
    }

    public FakeMachine Unreadable(string imagePath)
    {
        Directory.CreateDirectory(Host(imagePath));
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(Host(imagePath), UnixFileMode.None);
            _locked.Add(Host(imagePath));
        }

        return this;
    }

    public void Dispose()
    {
        foreach (var locked in _locked)
        {
            if (!OperatingSystem.IsWindows())
            {
                System.IO.File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static bool HardLink(string existing, string created)
    {
        try
        {
            return link(existing, created) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable CA2101, CA5392, SYSLIB1054 // A test helper: plain ASCII paths, libc from the system.
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string oldpath, string newpath);
#pragma warning restore CA2101, CA5392, SYSLIB1054
}

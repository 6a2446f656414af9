using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>Every target by name; each call makes fresh instances (dispose the ones that are <see cref="IDisposable"/>).</summary>
public static class FuzzTargets
{
    private static readonly (string Name, Func<IFuzzTarget> Create)[] Factories =
    [
        ("tar", () => new TarTarget()),
        ("tar.gz", () => new GzipTarTarget()),
        ("zip", () => new ZipTarget()),
        ("zstd", () => new ZstdTarget()),
        ("elf", () => new ElfTarget()),
        ("pe", () => new PeTarget()),
        ("macho", () => new MachOTarget()),
        ("bun", () => new BunTarget()),
        ("node-sea", () => new NodeSeaTarget()),
        ("pkg", () => new PkgTarget()),
        ("expander", () => new ExpanderTarget()),
        ("harvester", () => new HarvesterTarget()),
        ("behaviour", () => new BehaviourTarget()),
        ("json-report", () => new JsonReportTarget()),
        ("policy", () => new PolicyTarget()),
        ("lockfile", () => new LockfileTarget()),
        ("inventory-json", () => new InventoryJsonTarget()),
        ("timeline-json", () => new TimelineJsonTarget()),
        ("scan", () => new ScanTarget()),
        ("llm-request", () => new LlmRequestTarget()),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Factories.Select(f => f.Name)];

    /// <summary>The target called <paramref name="name"/>, or null when there is none.</summary>
    public static IFuzzTarget? Create(string name)
    {
        // Constructors already run Telltale.Core code, which writes to the coverage map when instrumented.
        CoverageMap.Initialize();
        return Factories.FirstOrDefault(f => f.Name == name).Create?.Invoke();
    }
}

using System.Runtime.InteropServices;

namespace Telltale.Artifacts;

/// <summary>
/// The machine an npm install is for, in npm's own words: <c>process.platform</c> (<see cref="Os"/>),
/// <c>process.arch</c> (<see cref="Cpu"/>) and, on Linux only, the C library. It decides which
/// per-platform packages from <c>optionalDependencies</c> come with a package, as npm would install them.
/// </summary>
/// <param name="Os"><c>linux</c>, <c>darwin</c>, <c>win32</c>, …</param>
/// <param name="Cpu"><c>x64</c>, <c>arm64</c>, <c>ia32</c>, …</param>
/// <param name="Libc"><c>glibc</c> or <c>musl</c> on Linux; null elsewhere, where npm knows no libc.</param>
public sealed record NpmPlatform(string Os, string Cpu, string? Libc)
{
    public const string Glibc = "glibc";
    public const string Musl = "musl";

    /// <summary>The <c>--platform</c> value that asks for no platform packages at all.</summary>
    public const string NoneText = "none";

    private const string Expected = "expected OS-CPU or linux-CPU-musl (e.g. linux-x64, linux-x64-musl, darwin-arm64, win32-x64) or none";

    // The values Node reports; anything else is a typo that would silently match nothing.
    private static readonly HashSet<string> KnownOs = new(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "freebsd", "haiku", "linux", "netbsd", "openbsd", "sunos", "win32", "cygwin",
    };

    private static readonly HashSet<string> KnownCpu = new(StringComparer.Ordinal)
    {
        "arm", "arm64", "ia32", "loong64", "mips", "mipsel", "ppc", "ppc64", "riscv64", "s390", "s390x", "x64",
    };

    private static readonly Lazy<NpmPlatform> CurrentPlatform = new(Detect);

    /// <summary>This machine: the runtime's OS and architecture; on Linux musl when <c>/lib/ld-musl-*</c> exists, else glibc.</summary>
    public static NpmPlatform Current => CurrentPlatform.Value;

    /// <summary>
    /// Reads a <c>--platform</c> value: <c>OS-CPU</c>, with <c>-musl</c> or <c>-glibc</c> after a Linux one
    /// (plain Linux means glibc, as on most machines). Returns null for <c>none</c>.
    /// </summary>
    /// <exception cref="TargetException">when the value names no platform Node knows.</exception>
    public static NpmPlatform? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        if (value == NoneText)
        {
            return null;
        }

        var shown = EntryNames.Printable(text);
        var parts = value.Split('-');
        if (parts.Length is < 2 or > 3)
        {
            throw new TargetException($"bad --platform '{shown}': {Expected}");
        }

        var (os, cpu) = (parts[0], parts[1]);
        if (!KnownOs.Contains(os))
        {
            throw new TargetException($"bad --platform '{shown}': unknown OS '{EntryNames.Printable(os)}' (use a Node platform name: {string.Join(", ", KnownOs.Order(StringComparer.Ordinal))})");
        }

        if (!KnownCpu.Contains(cpu))
        {
            throw new TargetException($"bad --platform '{shown}': unknown CPU '{EntryNames.Printable(cpu)}' (use a Node arch name: {string.Join(", ", KnownCpu.Order(StringComparer.Ordinal))})");
        }

        if (os != "linux")
        {
            return parts.Length == 2
                ? new NpmPlatform(os, cpu, null)
                : throw new TargetException($"bad --platform '{shown}': a C library is only chosen on linux");
        }

        var libc = parts.Length == 2 ? Glibc : parts[2];
        return libc is Glibc or Musl
            ? new NpmPlatform(os, cpu, libc)
            : throw new TargetException($"bad --platform '{shown}': unknown C library '{EntryNames.Printable(libc)}' (use musl or glibc)");
    }

    /// <summary><c>linux-x64</c> (glibc is the default and not named), <c>linux-x64-musl</c>, <c>darwin-arm64</c>.</summary>
    public override string ToString() => Libc is null or Glibc ? $"{Os}-{Cpu}" : $"{Os}-{Cpu}-{Libc}";

    private static NpmPlatform Detect()
    {
        var os = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsMacOS() ? "darwin"
            : OperatingSystem.IsWindows() ? "win32"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : OperatingSystem.IsAndroid() ? "android"
            : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();
        var cpu = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "ia32",
            Architecture.Arm64 => "arm64",
            Architecture.Arm or Architecture.Armv6 => "arm",
            Architecture.S390x => "s390x",
            Architecture.Ppc64le => "ppc64",
            Architecture.LoongArch64 => "loong64",
            Architecture.RiscV64 => "riscv64",
            var other => other.ToString().ToLowerInvariant(),
        };
        return new NpmPlatform(os, cpu, os == "linux" ? DetectLibc() : null);
    }

    private static string DetectLibc()
    {
        try
        {
            // The musl dynamic loader is what every musl system has and no glibc system does.
            return Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any() ? Musl : Glibc;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Glibc;
        }
    }
}

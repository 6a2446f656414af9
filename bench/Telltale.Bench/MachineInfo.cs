using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Telltale.Bench;

/// <summary>What the numbers were measured on, for the report.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ReadProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadProcField("/proc/meminfo", "MemTotal");
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {cpu}, {Environment.ProcessorCount} logical cores, {memory ?? "? kB"} RAM; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The filter loop XorSweep picks on this machine (mirrors XorSweep.BestEngine).</summary>
    public static string SweepEngine() =>
        Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated ? "AVX-512 VBMI, 64 B/step"
        : Avx2.IsSupported ? "AVX2 nibble, 32 B/step"
        : Ssse3.IsSupported || AdvSimd.Arm64.IsSupported ? "128-bit nibble, 16 B/step"
        : "scalar";

    public static string YaraVersion()
    {
        try
        {
            return "yara " + XorVsYara.RunProcess("yara", "--version").Stdout.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "yara ?";
        }
    }

    private static string? ReadProcField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return null;
    }
}

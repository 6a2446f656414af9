namespace Telltale.Artifacts.Native;

/// <summary>The executable container a <see cref="NativeImage"/> was read from.</summary>
public enum NativeFormat
{
    Elf,
    Pe,
    MachO,

    /// <summary>A fat (universal) Mach-O: several <see cref="NativeImage.Slices"/>, one per architecture.</summary>
    MachOUniversal,
}

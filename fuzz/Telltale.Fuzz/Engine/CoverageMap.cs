using System.Runtime.InteropServices;
using SharpFuzz.Common;

namespace Telltale.Fuzz.Engine;

/// <summary>
/// The edge map that SharpFuzz's instrumentation writes (AFL layout: 64 KiB of hit counters indexed by
/// <c>previous ^ current</c> block ids). When Telltale.Core.dll is an instrumented copy (see the
/// <c>instrument</c> verb) every execution leaves its edges here; otherwise the map stays empty and the
/// fuzzer runs on output features alone.
/// </summary>
public static unsafe class CoverageMap
{
    public const int Size = 1 << 16;

    private static readonly object Gate = new();
    private static byte* _map;

    /// <summary>True when the loaded Telltale.Core was instrumented, i.e. references SharpFuzz.Common.</summary>
    public static bool Instrumented { get; } = typeof(Telltale.Artifacts.ArtifactExpander).Assembly
        .GetReferencedAssemblies().Any(a => a.Name == "SharpFuzz.Common");

    /// <summary>Gives the instrumentation its map; without one an instrumented assembly would write through a null pointer.</summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_map is not null)
            {
                return;
            }

            _map = (byte*)NativeMemory.AllocZeroed(Size);
            Trace.SharedMem = _map;
            Trace.PrevLocation = 0;
        }
    }

    public static void Reset()
    {
        if (_map is not null)
        {
            new Span<byte>(_map, Size).Clear();
            Trace.PrevLocation = 0;
        }
    }

    /// <summary>
    /// Adds each edge hit since <see cref="Reset"/>, with its hit count bucketed as AFL does (1, 2, 3, 4–7,
    /// 8–15, 16–31, 32–127, 128+), to <paramref name="features"/>; adds the edge itself to <paramref name="edges"/>.
    /// </summary>
    public static void Collect(FeatureSink features, HashSet<int> edges)
    {
        if (_map is null)
        {
            return;
        }

        var map = new ReadOnlySpan<byte>(_map, Size);
        var index = 0;
        while (index < Size)
        {
            var next = map[index..].IndexOfAnyExcept((byte)0);
            if (next < 0)
            {
                break;
            }

            index += next;
            features.AddRaw(0xC0FE_0000_0000_0000UL | ((ulong)index << 8) | Bucket(map[index]));
            edges.Add(index);
            index++;
        }
    }

    private static byte Bucket(byte hits) => hits switch
    {
        1 => 1,
        2 => 2,
        3 => 3,
        < 8 => 4,
        < 16 => 5,
        < 32 => 6,
        < 128 => 7,
        _ => 8,
    };
}

using Telltale.Artifacts.Native;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// What <see cref="NativeImage.TryRead"/> promises: it never throws, and an image it returns only has
/// regions inside the file, an image end within the file, and problems as text.
/// </summary>
internal static class ImageContract
{
    private static readonly HashSet<string> WatchedRegions =
        [".bun", "__BUN,__bun", "NODE_SEA_BLOB", "RCDATA/NODE_SEA_BLOB", "NODE_SEA,__NODE_SEA_BLOB", ".text", ".rsrc", "__TEXT,__text", "__LINKEDIT"];

    public static NativeImage? Read(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var span = input.Span;
        features.Add("magic", NativeImage.HasNativeMagic(span).ToString());
        var image = NativeImage.TryRead(span, out var problem);
        if (image is null)
        {
            ContractViolationException.Require(problem is not null, "no image and no reason");
            features.AddShape("unreadable", problem);
            return null;
        }

        Check(image, input.Length, features, 0);
        return image;
    }

    private static void Check(NativeImage image, long fileLength, FeatureSink features, int level)
    {
        ContractViolationException.Require(level <= 1, "a slice of a universal binary has slices of its own");
        ContractViolationException.Require(image.ImageEnd >= 0 && image.ImageEnd <= fileLength, $"image end {image.ImageEnd} outside a {fileLength}-byte file");
        ContractViolationException.Require(image.Regions.Count <= fileLength, $"{image.Regions.Count} regions in a {fileLength}-byte file");
        features.AddShape("format", $"{image.Format}/{image.Architecture}");
        features.AddMagnitude("regions", image.Regions.Count);
        features.AddMagnitude("slices", image.Slices.Count);
        features.Add("overlay", (image.ImageEnd < fileLength).ToString());
        foreach (var region in image.Regions)
        {
            ContractViolationException.Require(region.Offset >= 0 && region.Length >= 0 && region.End <= fileLength,
                $"region {region.Kind} at {region.Offset}+{region.Length} outside a {fileLength}-byte file");
            // Only the names a payload reader looks for: section names come from the input and would each look new.
            features.Add("region", $"{region.Kind}:{(WatchedRegions.Contains(region.Name) ? region.Name : "other")}");
        }

        foreach (var problem in image.Problems)
        {
            features.AddShape("problem", problem);
        }

        foreach (var slice in image.Slices)
        {
            Check(slice, fileLength, features, level + 1);
        }

        // The lookup every payload reader makes.
        features.AddMagnitude("sea-regions", image.Find("NODE_SEA_BLOB").Count());
    }
}

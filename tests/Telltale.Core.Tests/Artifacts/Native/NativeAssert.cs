using Telltale.Artifacts.Native;

namespace Telltale.Tests.Artifacts.Native;

/// <summary>The promises every <see cref="NativeImage"/> keeps, whatever the input.</summary>
internal static class NativeAssert
{
    public static NativeImage Reads(byte[] file)
    {
        var image = NativeImage.TryRead(file, out var problem);
        Assert.True(image is not null, $"not read: {problem}");
        Assert.Null(problem);
        WellFormed(image, file.Length);
        return image;
    }

    /// <summary>Every region and the image end lie inside the file, in the image and in every slice.</summary>
    public static void WellFormed(NativeImage image, long fileLength)
    {
        Assert.InRange(image.ImageEnd, 0, fileLength);
        Assert.InRange(image.Problems.Count, 0, 65);
        foreach (var region in image.Regions)
        {
            Assert.True(region.Offset >= 0 && region.Length >= 0 && region.End <= fileLength, $"{region} is outside the {fileLength}-byte file");
        }

        foreach (var slice in image.Slices)
        {
            WellFormed(slice, fileLength);
        }
    }

    public static byte[] Content(byte[] file, NativeRegion region) => file.AsSpan((int)region.Offset, (int)region.Length).ToArray();

    public static NativeRegion Single(NativeImage image, NativeRegionKind kind, string name) =>
        Assert.Single(image.Find(name), r => r.Kind == kind);
}

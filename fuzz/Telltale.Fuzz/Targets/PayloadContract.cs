using System.Runtime.InteropServices;
using Telltale.Artifacts.Native;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// What a payload reader promises: no exception, a payload range inside the file, files that are slices of
/// the input or (when the format stores them compressed) inflated copies within the reader's bound.
/// </summary>
internal static class PayloadContract
{
    public static void Check(EmbeddedPayload? payload, ReadOnlyMemory<byte> input, long maxInflatedBytes, FeatureSink features)
    {
        features.Add("payload", payload?.Format ?? "none");
        if (payload is null)
        {
            return;
        }

        var length = input.Length;
        ContractViolationException.Require(payload.Offset >= 0 && payload.Length >= 0 && payload.Offset + payload.Length <= length,
            $"payload at {payload.Offset}+{payload.Length} outside a {length}-byte file");
        ContractViolationException.Require(payload.Files.Count <= length, $"{payload.Files.Count} files in a {length}-byte file");
        MemoryMarshal.TryGetArray(input, out var source);
        long inflated = 0;
        foreach (var file in payload.Files)
        {
            ContractViolationException.Require(file.Name is not null, "a file without a name");
            var isSlice = MemoryMarshal.TryGetArray(file.Content, out var segment) && ReferenceEquals(segment.Array, source.Array);
            if (isSlice)
            {
                ContractViolationException.Require(segment.Offset >= source.Offset && segment.Offset + segment.Count <= source.Offset + source.Count,
                    $"file '{file.Name}' is a slice outside the file");
            }
            else
            {
                inflated += file.Content.Length;
            }

            features.Add("file", $"{file.Kind}/{file.Encoding}/{file.IsScript}/{file.IsEntryPoint}/{isSlice}");
            features.AddShape("note", file.Note);
        }

        // Names and argv strings are copied too: allow the input's length on top of the inflation bound.
        ContractViolationException.Require(inflated <= maxInflatedBytes + length, $"{inflated} bytes of copied file content from a {length}-byte file");
        features.AddMagnitude("files", payload.Files.Count);
        foreach (var problem in payload.Problems)
        {
            features.AddShape("problem", problem);
        }
    }
}

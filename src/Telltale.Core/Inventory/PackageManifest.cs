using System.Text.Json;

namespace Telltale.Inventory;

/// <summary>
/// The few fields of a <c>package.json</c> an inventory needs. Manifests on disk are hostile input: too
/// large, not JSON, not an object, a number where a string belongs. Each of those is a problem, never an
/// exception; a field of the wrong type reads as missing.
/// </summary>
internal sealed record PackageManifest(string? Name, string? Version, string? Publisher)
{
    /// <summary>Longer strings than this are not names or versions (npm allows 214 characters for a name).</summary>
    private const int MaxFieldChars = 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads the manifest at <paramref name="file"/>; null with <paramref name="problem"/> set when it cannot be read.</summary>
    public static PackageManifest? Read(RootedPath file, int maxBytes, out string? problem)
    {
        var bytes = BoundedFile.Read(file, maxBytes, out problem);
        return bytes is null ? null : Parse(bytes, out problem);
    }

    public static PackageManifest? Parse(ReadOnlyMemory<byte> utf8, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(utf8, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"package.json is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
                return null;
            }

            return new PackageManifest(
                Field(document.RootElement, "name"),
                Field(document.RootElement, "version"),
                Field(document.RootElement, "publisher"));
        }
        catch (JsonException e)
        {
            problem = $"package.json is not valid JSON ({e.Message})";
            return null;
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8 throws only when it is read.
            problem = $"package.json holds text that is not valid Unicode ({e.Message})";
            return null;
        }
    }

    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxFieldChars } text
            ? text
            : null;
}

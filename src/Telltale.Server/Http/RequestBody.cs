using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Telltale.Server.Http;

/// <summary>
/// Reads a request body into memory, at most a limit: a Content-Length over it is refused before anything is read, and
/// a chunked body is read only until it passes the limit. Every body of the API goes through here, so each endpoint has
/// its own limit and an oversized or broken body gets the same 400 with one line.
/// </summary>
internal static class RequestBody
{
    public static async Task<(byte[]? Bytes, IResult? Problem)> ReadAsync(HttpContext http, long limit, string what)
    {
        var request = http.Request;
        if (request.ContentLength is { } declared && declared > limit)
        {
            return (null, TooLarge(what, limit, declared.ToString("N0", CultureInfo.InvariantCulture) + " bytes"));
        }

        // Kestrel's own cap is the largest of the API's limits; this request's is its endpoint's, plus the byte that shows it was passed.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    return (null, TooLarge(what, limit, "more"));
                }
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(what, limit, "more"));
        }
        catch (BadHttpRequestException error)
        {
            return (null, Problems.BadRequest($"the {what} could not be read: {error.Message}"));
        }

        if (buffer.Length == 0)
        {
            return (null, Problems.BadRequest($"the request has no body; send the {what}"));
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>
    /// A JSON body read as <typeparamref name="T"/> (web defaults: camelCase, case-insensitive); a body that is not JSON of
    /// that shape is a 400 naming the <paramref name="what"/> and where it broke, the client's bytes escaped.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http, long limit, string what)
    {
        var (bytes, problem) = await ReadAsync(http, limit, what).ConfigureAwait(false);
        if (problem is not null)
        {
            return (default, problem);
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(bytes, JsonSerializerOptions.Web), null);
        }
        catch (JsonException error)
        {
            return (default, Problems.BadRequest($"the {what} is not valid JSON: {ClientText.Log(error.Message)}"));
        }
    }

    private static IResult TooLarge(string what, long limit, string size) =>
        Problems.BadRequest($"the {what} is too large: {size}, over the limit of {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes");
}

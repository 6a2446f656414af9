using System.Net;
using System.Text.Json;

namespace Telltale.Tests;

/// <summary>Reads responses the way every test checks them: status first, then JSON or problem details.</summary>
internal static class ApiResponses
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The problem's <c>detail</c>, after checking the status and that it is problem details with nothing of a stack trace.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        Assert.Equal((int)expected, document.RootElement.GetProperty("status").GetInt32());
        var detail = document.RootElement.TryGetProperty("detail", out var value) ? value.GetString() ?? "" : "";
        Assert.DoesNotContain('\n', detail);
        return detail;
    }
}

namespace Telltale.Probing.Matrix;

/// <summary>
/// The API path each base-URL variable carries by convention: OpenAI's clients expect <c>https://host/v1</c>
/// (their default is <c>https://api.openai.com/v1</c>), Anthropic's expect the bare host. A variant sets a base URL
/// the way its tool's default is spelled, so the tool sends the same paths as with no variable set; only a path
/// beyond the convention (<c>https://api.deepseek.com/anthropic</c>) moves the tool's requests, and that part is
/// what request alignment takes off.
/// </summary>
public static class BaseUrlConvention
{
    /// <summary>The path a base URL in <paramref name="variable"/> normally ends with: "/v1" or "".</summary>
    public static string ApiPath(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable.Contains("OPENAI", StringComparison.OrdinalIgnoreCase) ? "/v1" : "";
    }

    /// <summary>The base URL of <paramref name="variable"/> for a tool to reach the API at <paramref name="host"/>.</summary>
    public static string For(string variable, string host) => $"https://{host}{ApiPath(variable)}";
}

using Microsoft.Playwright;

namespace Telltale.Tests;

/// <summary>
/// PNGs of the dashboard's pages for docs/screenshots, written only when <c>TELLTALE_SCREENSHOTS</c> names a folder:
/// the viewport, not the full page, so each stays small.
/// </summary>
internal static class Screenshots
{
    public const string Variable = "TELLTALE_SCREENSHOTS";

    public static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = false });
    }
}

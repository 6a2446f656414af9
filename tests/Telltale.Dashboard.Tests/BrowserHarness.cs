using Microsoft.Playwright;

namespace Telltale.Tests;

/// <summary>
/// A real server (<see cref="ServerHarness"/>) and a headless Chromium to drive it: Debian's <c>/usr/bin/chromium</c>,
/// not a browser Playwright downloads. Each test class gets its own, so no test sees another's data or cookies.
/// </summary>
public sealed class BrowserHarness : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long any one browser step may take before the test fails: generous, since two cores are shared.</summary>
    private const float StepTimeoutMs = 60_000;

    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ServerHarness Server { get; } = new();

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run does)");
        await Server.InitializeAsync();

        // Expectations wait for the page as long as any step may take, not Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(StepTimeoutMs);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A page in a fresh context (its own cookies) at <paramref name="width"/> pixels wide.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(StepTimeoutMs);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form, as a person would, and waits to leave the login page.</summary>
    public static async Task SignInAsync(IPage page, string token)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
    }

    /// <summary>A new page signed in with a new token of <paramref name="role"/>.</summary>
    public async Task<IPage> SignedInPageAsync(Team.TeamRole role, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await SignInAsync(page, await Server.TokenAsync(role));
        return page;
    }
}

namespace Telltale.Tests;

/// <summary>A test class with its own server and browser, started before each test and stopped after it.</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected BrowserHarness Browser { get; } = new();

    protected ServerHarness Server => Browser.Server;

    public Task InitializeAsync() => Browser.InitializeAsync();

    public Task DisposeAsync() => Browser.DisposeAsync();
}

namespace Telltale.Tests;

/// <summary>A test class with its own running server, started before each test and stopped after it.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected ServerTest(long? maxReportBytes = null)
    {
        Server = new ServerHarness(maxReportBytes);
    }

    protected ServerHarness Server { get; }

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

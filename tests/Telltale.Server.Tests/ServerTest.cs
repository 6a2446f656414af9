namespace Telltale.Tests;

/// <summary>A test class with its own running server, started before each test and stopped after it.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected ServerTest(StoreBackend backend = StoreBackend.Sqlite, long? maxReportBytes = null)
    {
        Server = new ServerHarness(backend, maxReportBytes);
    }

    protected ServerHarness Server { get; }

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

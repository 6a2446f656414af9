using System.Diagnostics;
using System.Text.Json;

namespace Telltale.Tests.Server;

/// <summary>
/// <c>telltale serve</c> as a process of its own (the built CLI beside the tests), on a free loopback port: what a
/// crash test needs to kill -9. Its address is read from the server's own "listening on" log line.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    /// <summary>A cold start on a busy two-core machine takes seconds; this is only the point past which it is a failure.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServeProcess(Process process)
    {
        _process = process;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the server printed, for a failing assertion's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<ServeProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telltale.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var serve = new ServeProcess(Process.Start(start)!);
        serve._process.OutputDataReceived += (_, line) => serve.Read(line.Data);
        serve._process.ErrorDataReceived += (_, line) => serve.Read(line.Data);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        _ = serve._process.WaitForExitAsync().ContinueWith(_ => serve._listening.TrySetException(new InvalidOperationException($"telltale serve exited before listening:\n{serve.Output}")), TaskScheduler.Default);
        try
        {
            serve.BaseAddress = await serve._listening.Task.WaitAsync(StartDeadline);
        }
        catch
        {
            serve.Dispose();
            throw;
        }

        return serve;
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no drain; what a power cut or the OOM killer does to the process.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (!line.StartsWith('{') || !line.Contains("listening on", StringComparison.Ordinal))
        {
            return;
        }

        using var log = JsonDocument.Parse(line);
        if (log.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("Address", out var address))
        {
            _listening.TrySetResult(new Uri(address.GetString()!));
        }
    }
}

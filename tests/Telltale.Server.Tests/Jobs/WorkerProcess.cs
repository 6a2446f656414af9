using System.Diagnostics;
using System.Text;

namespace Telltale.Tests.Jobs;

/// <summary>
/// A real <c>telltale serve --worker</c> process, started from the CLI's build output (this project builds it first, by
/// a project reference). Its output is kept for the failure message. Disposing kills it if it still runs.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// <c>src/Telltale.Cli/bin/CONFIGURATION/TFM/telltale.dll</c> beside this assembly's own
    /// <c>tests/Telltale.Server.Tests/bin/CONFIGURATION/TFM</c>: the same configuration that built the tests.
    /// </summary>
    public static string CliAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "src", "Telltale.Cli", "bin", configuration, framework, "telltale.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the CLI is not built at {path}: build Telltale.slnx (or this test project, which builds it) first", path);
    }

    public static WorkerProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL, no goodbye: what a crash or a lost machine looks like to the queue.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(TimeSpan.FromMinutes(1));
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // The tail is what explains a failure; a long run's whole log is not needed.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }

            _output.AppendLine(line);
        }
    }
}

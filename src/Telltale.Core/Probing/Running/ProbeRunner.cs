using System.Diagnostics;
using System.Net;
using System.Text;
using Telltale.Probing.Capture;
using Telltale.Probing.Isolation;
using Telltale.Probing.Matrix;

namespace Telltale.Probing.Running;

/// <summary>
/// Runs a tool once per variant and repeat, each time with a fresh HOME, only the variant's environment on a
/// clean base, and a private network where every host name the matrix uses — and the default API hosts —
/// resolves to the capture endpoint, which answers like the real APIs over TLS from a CA made for this probe.
/// Nothing but loopback exists for the tool; without namespaces the probe refuses to run.
/// </summary>
public static class ProbeRunner
{
    private static readonly TimeSpan RequestGrace = TimeSpan.FromMilliseconds(250);

    public static async Task<IReadOnlyList<ProbeRunOutcome>> RunAsync(
        ProbedProgram command,
        ProbeMatrix matrix,
        ProbeOptions options,
        IProgress<ProbeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var network = IsolatedNetwork.TryCreate(matrix.HostNames(), out var reason)
            ?? throw new ProbeException($"refusing to run {command.FileName} without network isolation: {reason}");
        var work = Directory.CreateTempSubdirectory("telltale-probe-");
        try
        {
            using var authority = RunCertificateAuthority.Create();
            var caPath = Path.Combine(work.FullName, "probe-ca.pem");
            authority.WriteCaPem(caPath);
            var project = options.WorkingDirectory ?? Directory.CreateDirectory(Path.Combine(work.FullName, "project")).FullName;

            using var https = network.Listen(new IPEndPoint(IPAddress.Loopback, 443));
            using var http = network.Listen(new IPEndPoint(IPAddress.Loopback, 80));
            IReadOnlyList<CaptureListener> inside = [CaptureListener.ListeningSocket(https, useTls: true), CaptureListener.ListeningSocket(http, useTls: false)];

            IReadOnlyCollection<string> knownSecrets = [options.PlaceholderApiKey];

            // With a front door, it takes the tool's connections and the endpoint listens where only this process can reach it.
            await using var endpoint = await CaptureEndpoint.StartAsync(
                new CaptureEndpointOptions
                {
                    Listeners = options.FrontDoor is null ? inside : [CaptureListener.Tcp(new IPEndPoint(IPAddress.Loopback, 0), useTls: false)],
                    CertificateAuthority = authority,
                    DefaultHost = ProbeMatrix.DefaultApiHosts[0],
                    ReplyText = options.ReplyText,
                    KnownSecrets = knownSecrets,
                },
                cancellationToken).ConfigureAwait(false);
            await using var frontDoor = options.FrontDoor is null
                ? null
                : await options.FrontDoor.StartAsync(
                    new ProbeFrontDoorSetup(inside, authority, new Uri($"http://{endpoint.BoundEndPoints[0]}")), cancellationToken).ConfigureAwait(false);

            var outcomes = new List<ProbeRunOutcome>();
            var total = matrix.Variants.Count * matrix.Repeats;
            var index = 0;
            // Repeats interleave (all variants, then all again) so slow drift over time shows as noise within a variant.
            for (var repeat = 1; repeat <= matrix.Repeats; repeat++)
            {
                foreach (var variant in matrix.Variants)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    index++;
                    progress?.Report(new ProbeProgress(index, total, variant.Name, repeat));
                    var home = Directory.CreateDirectory(Path.Combine(work.FullName, $"home-{index}")).FullName;
                    var start = StartInfo(command, variant, options, home, project, caPath, Path.Combine(work.FullName, "tmp"));
                    endpoint.Clear();
                    var (exitCode, stdout, stderr, duration, timedOut) = await RunOneAsync(network, start, options, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(RequestGrace, cancellationToken).ConfigureAwait(false);
                    var factors = variant.Environment.ToDictionary(kv => kv.Key, kv => kv.Value ?? "(unset)", StringComparer.Ordinal);
                    var requests = endpoint.Drain();
                    var drain = options.FrontDoor is null ? new FrontDoorDrain([], true) : await options.FrontDoor.DrainAsync(requests.Count, cancellationToken).ConfigureAwait(false);
                    var run = new ProbeRun(variant.Name, repeat, factors, exitCode, SecretRedaction.RedactText(stdout, knownSecrets), SecretRedaction.RedactText(stderr, knownSecrets), requests);
                    outcomes.Add(new ProbeRunOutcome(run, duration, timedOut)
                    {
                        FrontDoorDecisions = drain.Decisions,
                        FrontDoorComplete = drain.Complete,
                        Isolation = network.Description,
                    });
                }
            }

            return outcomes;
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <summary>A clean base environment: nothing of the user's (keys, proxies, locale) leaks into the runs.</summary>
    private static ProcessStartInfo StartInfo(ProbedProgram command, ProbeVariant variant, ProbeOptions options, string home, string project, string caPath, string temp)
    {
        Directory.CreateDirectory(temp);
        var start = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        var environment = start.Environment;
        environment.Clear();
        environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        environment["HOME"] = home;
        environment["TMPDIR"] = temp;
        environment["USER"] = "probe";
        environment["LANG"] = "C.UTF-8";
        environment["TZ"] = "UTC";
        environment["TERM"] = "dumb";
        environment["NO_COLOR"] = "1";
        environment["CI"] = "1";
        // Each runtime reads its own variable: node, OpenSSL-based tools (and Bun), curl, Python requests.
        environment["NODE_EXTRA_CA_CERTS"] = caPath;
        environment["SSL_CERT_FILE"] = caPath;
        environment["CURL_CA_BUNDLE"] = caPath;
        environment["REQUESTS_CA_BUNDLE"] = caPath;
        foreach (var key in new[] { "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "DASHSCOPE_API_KEY" })
        {
            environment[key] = options.PlaceholderApiKey;
        }

        foreach (var (key, value) in variant.Environment)
        {
            if (value is null)
            {
                environment.Remove(key);
            }
            else
            {
                environment[key] = value;
            }
        }

        return start;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut)> RunOneAsync(
        IsolatedNetwork network, ProcessStartInfo start, ProbeOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Process process;
        try
        {
            process = network.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProbeException($"cannot start {start.FileName}: {ex.Message}", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = ReadCappedAsync(process.StandardOutput, options.MaxOutputChars);
            var stderr = ReadCappedAsync(process.StandardError, options.MaxOutputChars);
            var timedOut = false;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.RunTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = !cancellationToken.IsCancellationRequested;
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), clock.Elapsed, timedOut);
        }
    }

    /// <summary>Reads to the end, keeping the first <paramref name="limit"/> characters, so a chatty tool cannot fill memory or block on a full pipe.</summary>
    private static async Task<string> ReadCappedAsync(StreamReader reader, int limit)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (kept.Length < limit)
            {
                kept.Append(buffer, 0, Math.Min(read, limit - kept.Length));
            }
        }

        return kept.Length >= limit ? kept.Append("\n… (cut)").ToString() : kept.ToString();
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Temp folders from a probe are harmless; a cleanup failure must not hide the probe's result.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

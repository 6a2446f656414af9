using Telltale.Tracking.Store;

namespace Telltale.Server.Jobs;

/// <summary>
/// A scan a client asked the server for (<c>POST /api/v1/scans/requests</c>): one npm package, scanned by Core's scanner
/// through the result store, so a version already stored is read back rather than scanned again, and a fresh scan is
/// kept. Its result, the stored report's sha256, is what the job returns, for <c>GET /api/v1/scans/requests/{id}</c>.
/// </summary>
internal sealed class ScanRequestJob(WatchJobServices services)
{
    /// <param name="target">An npm target, <c>npm:NAME[@VERSION|@TAG]</c>: never a path, so a client cannot make the server read its files.</param>
    /// <param name="platform">The platform whose packages are scanned with it, or <c>none</c>.</param>
    /// <param name="cancellationToken">Cancelled when the worker stops: the job is then requeued, not failed.</param>
    public async Task<string> ScanAsync(string target, string platform, CancellationToken cancellationToken)
    {
        var result = await services.Source(platform).GetWithOriginAsync(target, null, cancellationToken).ConfigureAwait(false);
        if (result.Report.Incomplete.Any(i => !i.Reproducible))
        {
            // Cut short by something of this machine's: the source did not keep it, and a retry may finish it.
            throw new InvalidDataException("the scan was cut short by this machine (a backstop or a crash), not by the package");
        }

        return result.Report.Target.Sha256;
    }
}

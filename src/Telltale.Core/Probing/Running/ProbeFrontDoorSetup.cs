using Telltale.Probing.Capture;

namespace Telltale.Probing.Running;

/// <summary>
/// Where a front door listens (sockets made inside the probe's network namespace, TLS with the probe's own CA) and where it
/// forwards: the capture endpoint, plain HTTP on this machine's loopback, which the tool itself cannot reach.
/// </summary>
public sealed record ProbeFrontDoorSetup(IReadOnlyList<CaptureListener> Listeners, RunCertificateAuthority CertificateAuthority, Uri Upstream);

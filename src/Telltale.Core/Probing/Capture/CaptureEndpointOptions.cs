namespace Telltale.Probing.Capture;

/// <summary>How a <see cref="CaptureEndpoint"/> listens and answers.</summary>
public sealed class CaptureEndpointOptions
{
    /// <summary>Eight MiB: far above any prompt a probe sends, low enough that a runaway upload cannot fill memory.</summary>
    public const int DefaultMaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>Where to listen; at least one.</summary>
    public IReadOnlyList<CaptureListener> Listeners { get; init; } = [];

    /// <summary>Signs the leaf certificates; required when any listener uses TLS.</summary>
    public RunCertificateAuthority? CertificateAuthority { get; init; }

    /// <summary>The certificate's name for clients that send no SNI (they connected by address); it also names 127.0.0.1 and ::1.</summary>
    public string DefaultHost { get; init; } = "localhost";

    /// <summary>What every model answers, in every API shape.</summary>
    public string ReplyText { get; init; } = "hi";

    /// <summary>How much of each request body is kept (after any content decoding); the rest is read and dropped.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Values that must never be kept (the placeholder API keys the probe hands the tool): removed from the path, header
    /// values and body of each captured request.
    /// </summary>
    public IReadOnlyCollection<string> KnownSecrets { get; init; } = [];

    /// <summary>The clock for <see cref="CapturedRequest.ReceivedAt"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

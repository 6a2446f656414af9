namespace Telltale.Probing.Matrix;

/// <summary>Where a probe's variants came from.</summary>
public enum ProbeMatrixOrigin
{
    /// <summary>The built-in variants (<see cref="ProbeMatrix.Default"/>), chosen or fallen back to.</summary>
    Defaults,

    /// <summary>A matrix file (<c>--matrix</c>).</summary>
    File,

    /// <summary>A scan report read from a file (<c>--from-scan</c>).</summary>
    ScanReport,

    /// <summary>A scan the probe made (or found in the result store) of what the command runs.</summary>
    Scan,
}

namespace Telltale.Findings;

/// <summary>How much a finding matters, lowest first so thresholds compare with &gt;=.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

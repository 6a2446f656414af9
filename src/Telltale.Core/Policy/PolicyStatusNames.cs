namespace Telltale.Policy;

/// <summary>
/// How a status is spelled in policy files, exports and verdicts: <c>banned</c>, <c>restricted</c>, <c>review</c>,
/// <c>allowed</c>. Spelled out, not derived from the enum, so renaming a member cannot change a file format.
/// </summary>
public static class PolicyStatusNames
{
    public static string Name(PolicyStatus status) => status switch
    {
        PolicyStatus.Allowed => "allowed",
        PolicyStatus.Review => "review",
        PolicyStatus.Restricted => "restricted",
        PolicyStatus.Banned => "banned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Reads a status name, ignoring case; false for anything else (numbers included).</summary>
    public static bool TryParse(string? text, out PolicyStatus status)
    {
        foreach (var candidate in Enum.GetValues<PolicyStatus>())
        {
            if (string.Equals(Name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}

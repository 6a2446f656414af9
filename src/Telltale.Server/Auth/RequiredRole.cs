using Telltale.Team;

namespace Telltale.Server.Auth;

/// <summary>Endpoint metadata: the least role that may call it. Read by authorisation, by the 403 message and by the OpenAPI document.</summary>
internal sealed record RequiredRole(TeamRole Role)
{
    /// <summary>The authorisation policy that admits <paramref name="role"/> and every role above it.</summary>
    public static string PolicyName(TeamRole role) => $"role:{TeamRoleNames.Name(role)}";
}

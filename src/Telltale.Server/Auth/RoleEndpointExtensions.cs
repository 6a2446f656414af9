using Telltale.Team;

namespace Telltale.Server.Auth;

internal static class RoleEndpointExtensions
{
    /// <summary>Only a usable token of <paramref name="role"/> or above reaches the handler: 401 without one, 403 with a lower role.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, TeamRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(RequiredRole.PolicyName(role)).WithMetadata(new RequiredRole(role));
}

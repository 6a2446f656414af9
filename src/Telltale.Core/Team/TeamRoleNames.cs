using System.Diagnostics.CodeAnalysis;

namespace Telltale.Team;

/// <summary>The lower-case names roles have in the API, the database and the docs.</summary>
public static class TeamRoleNames
{
    public const string Machine = "machine";
    public const string Viewer = "viewer";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    /// <summary>Every name, lowest role first, for messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Machine, Viewer, Reviewer, Admin];

    public static string Name(TeamRole role) => role switch
    {
        TeamRole.Machine => Machine,
        TeamRole.Viewer => Viewer,
        TeamRole.Reviewer => Reviewer,
        TeamRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The role named exactly (lower case) <paramref name="name"/>; false for anything else, numbers included.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out TeamRole? role)
    {
        role = name switch
        {
            Machine => TeamRole.Machine,
            Viewer => TeamRole.Viewer,
            Reviewer => TeamRole.Reviewer,
            Admin => TeamRole.Admin,
            _ => null,
        };
        return role is not null;
    }
}

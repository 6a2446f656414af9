using System.Text;
using Telltale.Reports;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>API tokens, for admins: made (the secret is in that one response), listed without secrets, revoked.</summary>
internal static class TokenEndpoints
{
    private const int MaxNameLength = 100;

    /// <summary>A name and a role; anything bigger is not a token request.</summary>
    private const long MaxRequestBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/tokens", CreateAsync).RequireRole(TeamRole.Admin)
            .WithSummary("Make a token; the response holds its secret, shown this once")
            .Accepts<CreateTokenRequest>("application/json")
            .Produces<IssuedTokenResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/tokens", List).RequireRole(TeamRole.Admin)
            .WithSummary("Every token, revoked ones too; never a secret")
            .Produces<IReadOnlyList<TokenResponse>>();
        api.MapDelete("/tokens/{id:long}", Revoke).RequireRole(TeamRole.Admin)
            .WithSummary("Revoke a token: it stops working at once. The last usable admin token cannot be revoked")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ServerStores stores)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync<CreateTokenRequest>(http, MaxRequestBytes, "token request").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request?.Name is not { } name || NameProblem(name) is { } nameProblem)
        {
            return Problems.BadRequest(request?.Name is null ? "give the token a name: {\"name\": \"ci\", \"role\": \"reviewer\"}" : NameProblem(request.Name)!);
        }

        if (!TeamRoleNames.TryParse(request.Role, out var role))
        {
            return Problems.BadRequest($"role must be one of {string.Join(", ", TeamRoleNames.All)}");
        }

        var issued = stores.Team.IssueToken(name, role.Value, RequestAudit.Of(http));
        return Results.Created($"/api/v1/tokens/{issued.Token.Id}", IssuedTokenResponse.From(issued));
    }

    private static IResult List(ServerStores stores) => Results.Ok(stores.Team.ListTokens().Select(TokenResponse.From).ToList());

    private static IResult Revoke(HttpContext http, ServerStores stores, long id) =>
        stores.Team.RevokeToken(id, RequestAudit.Of(http)) switch
        {
            TokenRevocation.Revoked or TokenRevocation.AlreadyRevoked => Results.NoContent(),
            TokenRevocation.NotFound => Problems.NotFound($"no token {id}"),
            _ => Problems.Conflict("this is the last usable admin token; make another admin token before revoking it"),
        };

    private static string? NameProblem(string name)
    {
        if (name.Length is 0 or > MaxNameLength || string.IsNullOrWhiteSpace(name))
        {
            return $"a token name has 1 to {MaxNameLength} characters";
        }

        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done
                || (rune.Value != ' ' && ReportText.IsHardToSee(rune)))
            {
                return $"the token name '{ReportText.Visible(name, multiline: false)}' holds invisible or control characters";
            }

            i += used;
        }

        return null;
    }
}

using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer tt_…</c>: a usable token of the team store, or no one. A refusal (401 without a usable token,
/// 403 with too low a role) is answered with problem details and a warning in the log, and writes nothing to the
/// database: recording refusals there would let anyone without a token fill the disk.
/// </summary>
internal sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ServerStores stores,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    private const string NoToken = "no token: send Authorization: Bearer tt_…";
    private const string UnknownToken = "unknown or revoked token";
    private const string NotBearer = "the Authorization header is not 'Bearer tt_…'";

    private readonly ILogger _log = loggerFactory.CreateLogger("Telltale.Server.Auth");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail(NotBearer));
        }

        var token = stores.Team.Authenticate(header[(SchemeName.Length + 1)..].Trim());
        return Task.FromResult(token is null
            ? AuthenticateResult.Fail(UnknownToken)
            : AuthenticateResult.Success(new AuthenticationTicket(TokenClaims.Principal(token, SchemeName), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var reason = result.Failure?.Message ?? NoToken;
        LogRefused(_log, StatusCodes.Status401Unauthorized, Request.Method, ClientText.Log(Request.Path), reason, null);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = SchemeName;
        await WriteAsync("Unauthorized", reason).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>()?.Role;
        var role = TokenClaims.Role(Context.User);
        var detail = needed is { } required && role is { } actual
            ? $"this needs a {TeamRoleNames.Name(required)} token or above; this token is {TeamRoleNames.Name(actual)}"
            : "this token may not do this";
        LogRefused(_log, StatusCodes.Status403Forbidden, Request.Method, ClientText.Log(Request.Path), detail, TokenClaims.TokenId(Context.User));
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync("Forbidden", detail).ConfigureAwait(false);
    }

    private async Task WriteAsync(string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        }).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Status} {Method} {Path}: {Reason} (token {TokenId})")]
    private static partial void LogRefused(ILogger logger, int status, string method, string path, string reason, long? tokenId);
}

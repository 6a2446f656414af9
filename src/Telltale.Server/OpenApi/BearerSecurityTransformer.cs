using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Telltale.Server.Auth;
using Telltale.Team;

namespace Telltale.Server.OpenApi;

/// <summary>Names the bearer token scheme in the document, and on each operation that needs a token, the least role it needs.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string SchemeId = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Telltale server";
        document.Info.Description = "Shared scans, histories, the policy and the fleet's compliance. Every /api/v1 call needs 'Authorization: Bearer tt_…' of the role named on it; see docs/server.md.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "tt_ and 43 base64url characters",
            Description = "An API token from 'telltale serve --init' or POST /api/v1/tokens.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredRole>().FirstOrDefault() is not { } required)
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        operation.Description = $"Needs a {TeamRoleNames.Name(required.Role)} token or above. 401 without a usable token, 403 with a lower role.";
        return Task.CompletedTask;
    }
}

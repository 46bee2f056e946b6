using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Panel.Infrastructure;

/// <summary>
/// Describes the bearer credential, and adds to every operation the problem answers it can give:
/// 401/403 where a credential is needed, 400 where there is a body, 404 where the route names a thing.
/// </summary>
public static class OpenApi
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Panel",
                Version = "v1",
                Description = "Reviewer panels for tool comparisons: verdicts as events, computed and published scorecards."
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A user's token, or the configured admin key."
            };
            return Task.CompletedTask;
        });

        // Enums travel as their names (PanelJson); its own converter hides that from the schema generator.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. Enum.GetNames(type).Select(name => (JsonNode)name)];
            }
            return Task.CompletedTask;
        });

        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
            operation.Responses ??= new OpenApiResponses();

            void Add(int status, string description)
            {
                var key = status.ToString();
                if (operation.Responses.TryGetValue(key, out var existing) && existing.Content?.ContainsKey("application/problem+json") == true) return;
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } }
                };
            }

            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerAuthentication.SchemeName, context.Document)] = []
                });
                Add(StatusCodes.Status401Unauthorized, "No credential, or one that is not valid.");
                Add(StatusCodes.Status403Forbidden, "The credential's role or identity does not allow this.");
            }
            if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Body") || operation.RequestBody is not null)
                Add(StatusCodes.Status400BadRequest, "Malformed or invalid input; errors lists the fields.");
            if (context.Description.RelativePath?.Contains('{') == true)
                Add(StatusCodes.Status404NotFound, "Unknown comparison, tool, user or version.");
            else if (operation.Responses.TryGetValue("404", out var empty) && (empty.Content is null || empty.Content.Count == 0))
                operation.Responses.Remove("404");

            if (Idempotency.IsStateChanging(context.Description.HttpMethod ?? "") && context.Description.RelativePath?.TrimStart('/').StartsWith("api/") == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Idempotency.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "A new UUID for each change: a retry with the same key and request gets the first answer again (Idempotent-Replayed: true) and changes nothing.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Idempotency.MaxKeyLength }
                });
                Add(StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for a different request.");
            }

            // An endpoint that creates answers 201; the 200 Wolverine infers from its IResult is never sent.
            if (operation.Responses.ContainsKey("201")) operation.Responses.Remove("200");
        });
    }
}

using System.Reflection;
using EcommerceBackend.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace EcommerceBackend.Api.ApiReference;

/// <summary>
/// A query parameter or header that a request type reads itself (through <c>BindAsync</c>), which the OpenAPI
/// generator cannot see; named here so the document lists it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class RequestParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>A header rather than a query parameter.</summary>
    public bool InHeader { get; init; }

    /// <summary>A whole number rather than text.</summary>
    public bool IsInteger { get; init; }
}

/// <summary>
/// The OpenAPI document at <c>/api/openapi.json</c>: every route with its parameters, body, answers (problem details
/// included) and the bearer token it needs; and, when <c>Api:EnableApiReference</c> is set, Scalar's browsable
/// reference at <c>/api/docs</c>.
/// </summary>
internal static class ApiDocument
{
    /// <summary>The document's name, for options that configure it.</summary>
    public const string DocumentName = "v1";
    public const string DocumentPath = "/api/openapi.json";
    public const string ReferencePath = "/api/docs";
    private const string BearerScheme = "bearer";
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(DocumentName, o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EcommerceBackend API";
            document.Info.Description = "Customers, products, orders, notifications and analytics. Failures are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The token from POST /api/customers/register or /api/customers/login.",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            AddSelfBoundParameters(operation, metadata.OfType<MethodInfo>().FirstOrDefault());

            var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                AddProblem(operation, problem, StatusCodes.Status401Unauthorized, "No valid bearer token.");
                AddProblem(operation, problem, StatusCodes.Status403Forbidden, "The token's holder may not do this.");
            }

            // Every route may be limited, and may find a store, the broker or the silos unavailable.
            AddProblem(operation, problem, StatusCodes.Status429TooManyRequests, "Too many requests; wait for Retry-After seconds.");
            AddProblem(operation, problem, StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable; retry after Retry-After seconds.");
        });
    });

    public static WebApplication MapApiDocument(this WebApplication app, bool browsable)
    {
        app.MapOpenApi(DocumentPath);
        if (browsable)
        {
            app.MapScalarApiReference(ReferencePath, o => o.WithTitle("EcommerceBackend API").WithOpenApiRoutePattern(DocumentPath));
        }

        return app;
    }

    private static void AddSelfBoundParameters(OpenApiOperation operation, MethodInfo? handler)
    {
        foreach (var type in handler?.GetParameters().Select(p => p.ParameterType) ?? [])
        {
            var declared = type.GetCustomAttributes<RequestParameterAttribute>();
            if (type != typeof(PagingQuery) && typeof(IPagedQuery).IsAssignableFrom(type))
            {
                declared = declared.Concat(typeof(PagingQuery).GetCustomAttributes<RequestParameterAttribute>());
            }

            foreach (var parameter in declared)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = parameter.InHeader ? ParameterLocation.Header : ParameterLocation.Query,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema { Type = parameter.IsInteger ? JsonSchemaType.Integer : JsonSchemaType.String },
                });
            }
        }
    }

    private static void AddProblem(OpenApiOperation operation, IOpenApiSchema schema, int status, string description)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new OpenApiMediaType { Schema = schema } },
        });
    }
}

using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Api.RateLimiting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Customers;

/// <summary><c>/api/customers</c>: registration, login and profiles.</summary>
internal static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/customers").WithTags("Customers").WithRequestValidation();
        group.MapPost("/register", Register).WithLoginLimits(countsFailures: false).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", Login).WithLoginLimits(countsFailures: true).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{id}", GetCustomer).RequireAuthorization().ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<AuthResponse>, ProblemHttpResult>> Register(
        RegisterRequest request, IClusterClient cluster, TokenIssuer tokens)
    {
        var customer = request.ToNewCustomer();
        var result = await cluster.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(customer.Email)).RegisterAsync(customer);
        if (result.Customer is not { } profile)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "An account with this email address already exists.");
        }

        var token = tokens.Issue(profile);
        return TypedResults.Created($"/api/customers/{profile.Id}", new AuthResponse(token.Token, token.ExpiresAt, CustomerResponse.From(profile)));
    }

    private static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> Login(
        LoginRequest request, IClusterClient cluster, TokenIssuer tokens)
    {
        // An unknown address and a wrong password answer alike, in what they say and in the time they take.
        var profile = await cluster.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(request.Email!)).AuthenticateAsync(request.Password!);
        if (profile is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid email or password.");
        }

        var token = tokens.Issue(profile);
        return TypedResults.Ok(new AuthResponse(token.Token, token.ExpiresAt, CustomerResponse.From(profile)));
    }

    private static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetCustomer(
        string id, System.Security.Claims.ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!user.MayActFor(id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may only see your own account.");
        }

        var profile = EntityId.IsWellFormed(id) ? await cluster.GetGrain<ICustomerGrain>(id).GetProfileAsync() : null;
        return profile is null
            ? Problems.NotFound("customer", id)
            : TypedResults.Ok(CustomerResponse.From(profile));
    }
}

using System.Security.Claims;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Orders;

/// <summary><c>/api/orders</c>: placement, reads, the status machine and cancellation. Every route needs a token.</summary>
internal static class OrdersApi
{
    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/orders").WithTags("Orders").WithRequestValidation().RequireAuthorization();
        group.MapPost("/", Place)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/customer/{customerId}", ListForCustomer).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}/status", ChangeStatus).RequireAuthorization(Roles.AdminPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id}", Cancel).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<OrderDetails>, ProblemHttpResult>> Place(
        PlaceOrderRequest request, IdempotencyKey key, ClaimsPrincipal user, IClusterClient cluster, HttpContext http)
    {
        if (!user.MayActFor(request.CustomerId!))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may only place orders for yourself.");
        }

        var result = await cluster.GetGrain<IOrderGrain>(key.OrderIdFor(request.CustomerId!)).PlaceAsync(request.ToCommand(user.CustomerId()!));
        if (result is { Succeeded: true, Order: { } order })
        {
            if (!result.Created)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
            }

            return TypedResults.Created($"/api/orders/{order.Id}", order);
        }

        return result.Failure switch
        {
            OrderFailure.UnknownCustomer => Problems.NotFound("customer", request.CustomerId!),
            OrderFailure.UnknownProduct => Problem(StatusCodes.Status404NotFound, $"No product has the id '{result.ProductId}'.", ("productId", result.ProductId)),
            OrderFailure.InsufficientStock => Problem(
                StatusCodes.Status409Conflict,
                $"Not enough stock of product '{result.ProductId}': {result.Requested} asked for, {result.Available} available.",
                ("productId", result.ProductId), ("requested", result.Requested), ("available", result.Available)),
            OrderFailure.IdempotencyKeyReused => Problem(
                StatusCodes.Status422UnprocessableEntity,
                $"This {IdempotencyKey.Header} was already used for a different order request."),
            _ => throw new InvalidOperationException($"Unexpected placement failure {result.Failure}."),
        };
    }

    private static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, IClusterClient cluster) =>
        await Visible(cluster, user, id) is { } order ? TypedResults.Ok(order) : Problems.NotFound("order", id);

    private static async Task<Results<Ok<PageResponse<OrderDetails>>, ProblemHttpResult>> ListForCustomer(
        string customerId, PagingQuery paging, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!user.MayActFor(customerId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may only list your own orders.");
        }

        if (!EntityId.IsWellFormed(customerId))
        {
            return Problems.NotFound("customer", customerId);
        }

        var ids = await cluster.GetGrain<ICustomerOrdersGrain>(customerId).ListAsync(paging.Request);
        var orders = await Task.WhenAll(ids.Items.Select(id => cluster.GetGrain<IOrderGrain>(id).GetAsync()));
        var page = new PagedResult<OrderDetails> { Items = orders.OfType<OrderDetails>().ToList(), Page = ids.Page, Limit = ids.Limit, Total = ids.Total };
        return TypedResults.Ok(PageResponse<OrderDetails>.From(page));
    }

    private static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> ChangeStatus(
        string id, ChangeStatusRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!EntityId.IsWellFormed(id))
        {
            return Problems.NotFound("order", id);
        }

        return Answer(await cluster.GetGrain<IOrderGrain>(id).ChangeStatusAsync(request.Parsed, user.CustomerId()!), id);
    }

    private static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Cancel(string id, ClaimsPrincipal user, IClusterClient cluster)
    {
        // Someone else's order answers as if it did not exist.
        if (await Visible(cluster, user, id) is null)
        {
            return Problems.NotFound("order", id);
        }

        return Answer(await cluster.GetGrain<IOrderGrain>(id).CancelAsync(user.CustomerId()!), id);
    }

    private static Results<Ok<OrderDetails>, ProblemHttpResult> Answer(OrderResult result, string id) => result switch
    {
        { Succeeded: true, Order: { } order } => TypedResults.Ok(order),
        { Failure: OrderFailure.IllegalTransition, Order: { } order } => Problem(
            StatusCodes.Status409Conflict,
            $"The order is {Status(order.Status)}; that change is not allowed from there.",
            ("currentStatus", Status(order.Status))),
        _ => Problems.NotFound("order", id),
    };

    /// <summary>The order, when it exists and the caller owns it or is an admin.</summary>
    private static async Task<OrderDetails?> Visible(IClusterClient cluster, ClaimsPrincipal user, string id) =>
        EntityId.IsWellFormed(id) && await cluster.GetGrain<IOrderGrain>(id).GetAsync() is { } order && user.MayActFor(order.CustomerId)
            ? order
            : null;

    private static string Status(OrderStatus status) => status.ToString().ToLowerInvariant();

    private static ProblemHttpResult Problem(int status, string title, params (string Key, object? Value)[] extensions) =>
        TypedResults.Problem(statusCode: status, title: title, extensions: extensions.ToDictionary(e => e.Key, e => e.Value));
}

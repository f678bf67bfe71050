using System.Security.Claims;
using System.Text.Json;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Live;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Products;
using Microsoft.AspNetCore.SignalR;

namespace EcommerceBackend.Api.Hosting;

/// <summary>
/// The ceilings of the benchmarks, mapped only when <c>Api:EnableBenchmarkEndpoint</c> is true.
/// <c>GET /api/bench/ceiling</c> (<c>bench/</c>): a product-sized JSON answer through the same pipeline as every
/// route (middleware, auth, rate limiting, serialization) but without a grain call.
/// <c>POST /api/bench/live-ceiling</c> (<c>bench/LiveBench</c>): an order-shaped body, read and answered like
/// <c>POST /api/orders</c> by an authenticated customer, pushed at once to that customer's <c>/hubs/orders</c>
/// connections on this node as an <c>order</c> message: the live path without the cluster, the broker and the stores.
/// </summary>
internal static class BenchmarkEndpoint
{
    private static readonly ProductDetails Sample = new()
    {
        Id = "000000000000000000000000",
        Name = "Laptop",
        Description = "High-performance laptop",
        Price = 999.99m,
        Stock = 50,
        Category = "electronics",
        Images = ["https://example.com/image1.jpg"],
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Version = 1,
    };

    public static void MapBenchmarkEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/bench/ceiling", () => TypedResults.Ok(Sample)).ExcludeFromDescription();
        routes.MapPost("/api/bench/live-ceiling", LiveCeiling).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> LiveCeiling(JsonElement order, ClaimsPrincipal user, IHubContext<OrdersHub> hub)
    {
        var customerId = user.CustomerId() ?? "";
        var id = EntityId.New();
        var message = new LiveMessage(id, "bench.live-ceiling", DateTimeOffset.UtcNow, id, order);
        await hub.Clients.User(customerId).SendAsync("order", message, CancellationToken.None);
        return TypedResults.Created($"/api/bench/live-ceiling/{id}", new { id, customerId });
    }
}

using EcommerceBackend.Grains.Products;

namespace EcommerceBackend.Api.Hosting;

/// <summary>
/// The ceiling of the benchmark (<c>bench/</c>): a product-sized JSON answer through the same pipeline as every
/// route (middleware, auth, rate limiting, serialization) but without a grain call. Mapped only when
/// <c>Api:EnableBenchmarkEndpoint</c> is true.
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

    public static void MapBenchmarkEndpoint(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/bench/ceiling", () => TypedResults.Ok(Sample)).ExcludeFromDescription();
}

using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Products;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Products;

/// <summary><c>/api/products</c>: the catalog. Reads are public; changes are for admins.</summary>
internal static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/products").WithTags("Products").WithRequestValidation();
        group.MapGet("/", List);
        group.MapGet("/search", Search);
        group.MapGet("/{id}", Get).ProducesProblem(StatusCodes.Status404NotFound);

        var admin = group.MapGroup("").RequireAuthorization(Roles.AdminPolicy);
        admin.MapPost("/", Create).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPut("/{id}", Update).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/{id}", Delete).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<PageResponse<ProductDetails>>> List(ProductListQuery query, IClusterClient cluster) =>
        TypedResults.Ok(PageResponse<ProductDetails>.From(await Catalog(cluster).QueryAsync(query.ToQuery())));

    private static async Task<Ok<PageResponse<ProductDetails>>> Search(ProductSearchQuery query, IClusterClient cluster) =>
        TypedResults.Ok(PageResponse<ProductDetails>.From(await Catalog(cluster).QueryAsync(query.ToQuery())));

    private static async Task<Results<Ok<ProductDetails>, ProblemHttpResult>> Get(string id, IClusterClient cluster) =>
        Product(cluster, id) is { } grain && await grain.GetAsync() is { } product
            ? TypedResults.Ok(product)
            : Problems.NotFound("product", id);

    private static async Task<Results<Created<ProductDetails>, ProblemHttpResult>> Create(CreateProductRequest request, IClusterClient cluster)
    {
        var id = EntityId.New();
        var product = await cluster.GetGrain<IProductGrain>(id).CreateAsync(request.ToNewProduct());
        return product is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A product with this id already exists.")
            : TypedResults.Created($"/api/products/{id}", product);
    }

    private static async Task<Results<Ok<ProductDetails>, ProblemHttpResult>> Update(string id, UpdateProductRequest request, IClusterClient cluster) =>
        Product(cluster, id) is { } grain && await grain.UpdateAsync(request.ToChanges()) is { } product
            ? TypedResults.Ok(product)
            : Problems.NotFound("product", id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, IClusterClient cluster) =>
        Product(cluster, id) is { } grain && await grain.DeleteAsync()
            ? TypedResults.NoContent()
            : Problems.NotFound("product", id);

    private static ICatalogIndexGrain Catalog(IClusterClient cluster) => cluster.GetGrain<ICatalogIndexGrain>(CatalogIndex.Key);

    // An id that is not in our format names no product: answer 404 without activating a grain for it.
    private static IProductGrain? Product(IClusterClient cluster, string id) =>
        EntityId.IsWellFormed(id) ? cluster.GetGrain<IProductGrain>(id) : null;
}

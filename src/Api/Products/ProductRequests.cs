using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts.Products;

namespace EcommerceBackend.Api.Products;

/// <summary>The limits of product fields, shared by create and update.</summary>
internal static class ProductFields
{
    public const int MaxName = 200;
    public const int MaxDescription = 5000;
    public const int MaxCategory = 100;
    public const int MaxImages = 20;
    public const int MaxImageUrl = 2048;
    public const decimal MaxPrice = 1_000_000_000m;
    public const int MaxStock = 1_000_000_000;
    public const int MaxSearchText = 100;

    public static void CheckPrice(ValidationErrors errors, decimal price)
    {
        if (price < 0 || price > MaxPrice)
        {
            errors.Add("price", $"The price must be from 0 to {MaxPrice}.");
        }
        else if (decimal.Round(price, 2) != price)
        {
            errors.Add("price", "The price must have at most two decimal places.");
        }
    }

    public static void CheckStock(ValidationErrors errors, int stock)
    {
        if (stock is < 0 or > MaxStock)
        {
            errors.Add("stock", $"The stock must be a whole number from 0 to {MaxStock}.");
        }
    }

    public static void CheckImages(ValidationErrors errors, IReadOnlyList<string?> images)
    {
        if (images.Count > MaxImages)
        {
            errors.Add("images", $"At most {MaxImages} images are allowed.");
            return;
        }

        for (var i = 0; i < images.Count; i++)
        {
            var url = images[i];
            if (url is null || url.Length > MaxImageUrl
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host))
            {
                errors.Add($"images[{i}]", $"Each image must be an absolute http or https URL of at most {MaxImageUrl} characters.");
            }
        }
    }

    public static List<string> Clean(IReadOnlyList<string?> images) => images.Select(i => i!.Trim()).ToList();
}

/// <summary>The body of <c>POST /api/products</c>.</summary>
internal sealed record CreateProductRequest(
    string? Name, string? Description, decimal? Price, int? Stock, string? Category, List<string?>? Images) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.RequireText("name", Name, ProductFields.MaxName);
        errors.OptionalText("description", Description, ProductFields.MaxDescription);
        errors.RequireText("category", Category, ProductFields.MaxCategory);
        if (Price is { } price)
        {
            ProductFields.CheckPrice(errors, price);
        }
        else
        {
            errors.Add("price", "The price field is required.");
        }

        if (Stock is { } stock)
        {
            ProductFields.CheckStock(errors, stock);
        }
        else
        {
            errors.Add("stock", "The stock field is required.");
        }

        ProductFields.CheckImages(errors, Images ?? []);
    }

    public NewProduct ToNewProduct() => new()
    {
        Name = Name!.Trim(),
        Description = Description?.Trim() ?? "",
        Price = Price!.Value,
        Stock = Stock!.Value,
        Category = Category!.Trim(),
        Images = ProductFields.Clean(Images ?? []),
    };
}

/// <summary>The body of <c>PUT /api/products/{id}</c>: the fields to change; absent fields stay as they are.</summary>
internal sealed record UpdateProductRequest(
    string? Name, string? Description, decimal? Price, int? Stock, string? Category, List<string?>? Images) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        if (Name is null && Description is null && Price is null && Stock is null && Category is null && Images is null)
        {
            errors.Add("body", "Give at least one of name, description, price, stock, category or images.");
            return;
        }

        if (Name is not null)
        {
            errors.RequireText("name", Name, ProductFields.MaxName);
        }

        if (Category is not null)
        {
            errors.RequireText("category", Category, ProductFields.MaxCategory);
        }

        errors.OptionalText("description", Description, ProductFields.MaxDescription);
        if (Price is { } price)
        {
            ProductFields.CheckPrice(errors, price);
        }

        if (Stock is { } stock)
        {
            ProductFields.CheckStock(errors, stock);
        }

        if (Images is not null)
        {
            ProductFields.CheckImages(errors, Images);
        }
    }

    public ProductChanges ToChanges() => new()
    {
        Name = Name?.Trim(),
        Description = Description?.Trim(),
        Price = Price,
        Stock = Stock,
        Category = Category?.Trim(),
        Images = Images is null ? null : ProductFields.Clean(Images),
    };
}

/// <summary>The query of <c>GET /api/products</c>: paging and an optional category.</summary>
internal sealed class ProductListQuery : IValidatable
{
    public required PagingQuery Paging { get; init; }

    public string? Category { get; init; }

    public static async ValueTask<ProductListQuery?> BindAsync(HttpContext context) => new()
    {
        Paging = (await PagingQuery.BindAsync(context))!,
        Category = PagingQuery.Single(context, "category"),
    };

    public void Validate(ValidationErrors errors)
    {
        Paging.Validate(errors);
        if (Category is not null)
        {
            errors.RequireText("category", Category, ProductFields.MaxCategory);
        }
    }

    public CatalogQuery ToQuery() => new() { Category = Category?.Trim(), Page = Paging.Request };
}

/// <summary>The query of <c>GET /api/products/search</c>: the text <c>q</c> and paging.</summary>
internal sealed class ProductSearchQuery : IValidatable
{
    public required PagingQuery Paging { get; init; }

    public string? Q { get; init; }

    public static async ValueTask<ProductSearchQuery?> BindAsync(HttpContext context) => new()
    {
        Paging = (await PagingQuery.BindAsync(context))!,
        Q = PagingQuery.Single(context, "q"),
    };

    public void Validate(ValidationErrors errors)
    {
        Paging.Validate(errors);
        errors.RequireText("q", Q, ProductFields.MaxSearchText);
    }

    public CatalogQuery ToQuery() => new() { Text = Q!.Trim(), Page = Paging.Request };
}

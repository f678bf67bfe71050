using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts.Products;
using FluentValidation;

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

    public static IRuleBuilderOptionsConditions<T, decimal?> Price<T>(this IRuleBuilder<T, decimal?> rule) => rule.Custom((price, context) =>
    {
        if (price is < 0 or > MaxPrice)
        {
            context.AddFailure($"The price must be from 0 to {MaxPrice}.");
        }
        else if (price is { } value && decimal.Round(value, 2) != value)
        {
            context.AddFailure("The price must have at most two decimal places.");
        }
    });

    public static IRuleBuilderOptionsConditions<T, int?> Stock<T>(this IRuleBuilder<T, int?> rule) => rule.Custom((stock, context) =>
    {
        if (stock is < 0 or > MaxStock)
        {
            context.AddFailure($"The stock must be a whole number from 0 to {MaxStock}.");
        }
    });

    public static void Images<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, IEnumerable<string?>?>> images)
    {
        var read = images.Compile();
        validator.RuleFor(images).Must(list => list is null || list.Count() <= MaxImages).WithMessage($"At most {MaxImages} images are allowed.");
        // Too many images is one error, not one more per image.
        validator.RuleForEach(images).Must(IsImageUrl)
            .WithMessage($"Each image must be an absolute http or https URL of at most {MaxImageUrl} characters.")
            .When(r => read(r) is not { } list || list.Count() <= MaxImages);
    }

    private static bool IsImageUrl(string? url) =>
        url is not null && url.Length <= MaxImageUrl
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    public static List<string> Clean(IReadOnlyList<string?> images) => images.Select(i => i!.Trim()).ToList();
}

/// <summary>The body of <c>POST /api/products</c>.</summary>
internal sealed record CreateProductRequest(
    string? Name, string? Description, decimal? Price, int? Stock, string? Category, List<string?>? Images)
{
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

internal sealed class CreateProductRequestValidator : AbstractValidator<CreateProductRequest>
{
    public CreateProductRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText(ProductFields.MaxName);
        RuleFor(r => r.Description).OptionalText(ProductFields.MaxDescription, multiline: true);
        RuleFor(r => r.Category).RequiredText(ProductFields.MaxCategory);
        RuleFor(r => r.Price).NotNull().WithMessage("The price field is required.").Price();
        RuleFor(r => r.Stock).NotNull().WithMessage("The stock field is required.").Stock();
        this.Images(r => r.Images);
    }
}

/// <summary>The body of <c>PUT /api/products/{id}</c>: the fields to change; absent fields stay as they are.</summary>
internal sealed record UpdateProductRequest(
    string? Name, string? Description, decimal? Price, int? Stock, string? Category, List<string?>? Images)
{
    public bool IsEmpty => Name is null && Description is null && Price is null && Stock is null && Category is null && Images is null;

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

internal sealed class UpdateProductRequestValidator : AbstractValidator<UpdateProductRequest>
{
    public UpdateProductRequestValidator()
    {
        RuleFor(r => r).Named("body").Must(r => !r.IsEmpty)
            .WithMessage("Give at least one of name, description, price, stock, category or images.");
        When(r => !r.IsEmpty, () =>
        {
            RuleFor(r => r.Name).RequiredText(ProductFields.MaxName).When(r => r.Name is not null);
            RuleFor(r => r.Category).RequiredText(ProductFields.MaxCategory).When(r => r.Category is not null);
            RuleFor(r => r.Description).OptionalText(ProductFields.MaxDescription, multiline: true);
            RuleFor(r => r.Price).Price();
            RuleFor(r => r.Stock).Stock();
            this.Images(r => r.Images);
        });
    }
}

/// <summary>The query of <c>GET /api/products</c>: paging and an optional category.</summary>
[RequestParameter("category", "Only products of this category.")]
internal sealed class ProductListQuery : IPagedQuery
{
    public required PagingQuery Paging { get; init; }

    public string? Category { get; init; }

    public static ValueTask<ProductListQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<ProductListQuery?>(new()
    {
        Paging = PagingQuery.From(context),
        Category = PagingQuery.Single(context, "category"),
    });

    public CatalogQuery ToQuery() => new() { Category = Category?.Trim(), Page = Paging.Request };
}

internal sealed class ProductListQueryValidator : AbstractValidator<ProductListQuery>
{
    public ProductListQueryValidator(IValidator<IPagedQuery> paging)
    {
        Include(paging);
        RuleFor(q => q.Category).RequiredText(ProductFields.MaxCategory).When(q => q.Category is not null);
    }
}

/// <summary>The query of <c>GET /api/products/search</c>: the text <c>q</c> and paging.</summary>
[RequestParameter("q", "Text to find in product names and descriptions (required).")]
internal sealed class ProductSearchQuery : IPagedQuery
{
    public required PagingQuery Paging { get; init; }

    public string? Q { get; init; }

    public static ValueTask<ProductSearchQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<ProductSearchQuery?>(new()
    {
        Paging = PagingQuery.From(context),
        Q = PagingQuery.Single(context, "q"),
    });

    public CatalogQuery ToQuery() => new() { Text = Q!.Trim(), Page = Paging.Request };
}

internal sealed class ProductSearchQueryValidator : AbstractValidator<ProductSearchQuery>
{
    public ProductSearchQueryValidator(IValidator<IPagedQuery> paging)
    {
        Include(paging);
        RuleFor(q => q.Q).RequiredText(ProductFields.MaxSearchText);
    }
}

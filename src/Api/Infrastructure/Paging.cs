using System.Globalization;
using EcommerceBackend.Api.Hosting;
using EcommerceBackend.Contracts;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>The <c>page</c> and <c>limit</c> query parameters every list takes, read as text so that a bad value gets a field error.</summary>
internal sealed class PagingQuery : IValidatable
{
    public const int DefaultLimit = 20;
    private const int MaxPage = 1_000_000;

    private int _maxLimit = 100;

    public string? Page { get; init; }

    public string? Limit { get; init; }

    public PageRequest Request => new()
    {
        Page = Page is null ? 1 : int.Parse(Page, CultureInfo.InvariantCulture),
        Limit = Limit is null ? DefaultLimit : int.Parse(Limit, CultureInfo.InvariantCulture),
    };

    public static ValueTask<PagingQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<PagingQuery?>(new PagingQuery
    {
        Page = Single(context, "page"),
        Limit = Single(context, "limit"),
        _maxLimit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxPageSize,
    });

    public void Validate(ValidationErrors errors)
    {
        Check(errors, "page", Page, 1, MaxPage);
        Check(errors, "limit", Limit, 1, _maxLimit);
    }

    /// <summary>Adds an error for <paramref name="field"/> unless it is absent or a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    internal static void Check(ValidationErrors errors, string field, string? value, int min, int max)
    {
        if (value is not null
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max))
        {
            errors.Add(field, $"The {field} parameter must be a whole number from {min} to {max}.");
        }
    }

    /// <summary>A query parameter given once; given twice it is read as the joined text, which fails to parse.</summary>
    internal static string? Single(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}

/// <summary>One page of a list as every list endpoint returns it.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int Limit, int Total, int TotalPages)
{
    public static PageResponse<T> From(PagedResult<T> result) => new(
        result.Items, result.Page, result.Limit, result.Total, (int)Math.Ceiling(result.Total / (double)result.Limit));
}

using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Hosting;
using EcommerceBackend.Contracts;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>The <c>page</c> and <c>limit</c> query parameters every list takes, read as text so that a bad value gets a field error.</summary>
[RequestParameter("page", "The page, from 1 (default 1).", IsInteger = true)]
[RequestParameter("limit", "Items per page, from 1 to Api:MaxPageSize (default 20).", IsInteger = true)]
internal sealed class PagingQuery : IPagedQuery
{
    public const int DefaultLimit = 20;
    public const int MaxPage = 1_000_000;

    public string? Page { get; init; }

    public string? Limit { get; init; }

    /// <summary>The page asked for; read once the query is validated.</summary>
    public PageRequest Request => new()
    {
        Page = Page is null ? 1 : int.Parse(Page, System.Globalization.CultureInfo.InvariantCulture),
        Limit = Limit is null ? DefaultLimit : int.Parse(Limit, System.Globalization.CultureInfo.InvariantCulture),
    };

    PagingQuery IPagedQuery.Paging => this;

    public static PagingQuery From(HttpContext context) => new() { Page = Single(context, "page"), Limit = Single(context, "limit") };

    public static ValueTask<PagingQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<PagingQuery?>(From(context));

    /// <summary>A query parameter given once; given twice it is read as the joined text, which fails to parse.</summary>
    internal static string? Single(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}

/// <summary>A query that lists a page of something.</summary>
internal interface IPagedQuery
{
    PagingQuery Paging { get; }
}

/// <summary>The paging rules every list shares; a list's own validator includes them.</summary>
internal sealed class PagingRules : AbstractValidator<IPagedQuery>
{
    public PagingRules(IOptions<ApiOptions> api)
    {
        RuleFor(q => q.Paging.Page).Named("page").WholeNumber(1, PagingQuery.MaxPage);
        RuleFor(q => q.Paging.Limit).Named("limit").WholeNumber(1, api.Value.MaxPageSize);
    }
}

internal sealed class PagingQueryValidator : AbstractValidator<PagingQuery>
{
    public PagingQueryValidator(IValidator<IPagedQuery> paging) => Include(paging);
}

/// <summary>One page of a list as every list endpoint returns it.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int Limit, int Total, int TotalPages)
{
    public static PageResponse<T> From(PagedResult<T> result) => new(
        result.Items, result.Page, result.Limit, result.Total, (int)Math.Ceiling(result.Total / (double)result.Limit));
}

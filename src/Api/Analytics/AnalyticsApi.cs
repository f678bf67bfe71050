using System.Globalization;
using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts.Analytics;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Analytics;

/// <summary>
/// <c>/api/analytics</c>, for admins: the summary, sales per hour or day, and top products. Answered from the
/// analytics grain's view, through this node's short cache (<c>Analytics:CacheTtlSeconds</c>).
/// </summary>
internal static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Analytics").WithRequestValidation().RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/summary", Summary);
        group.MapGet("/sales", Sales);
        group.MapGet("/top-products", TopProducts);
        return routes;
    }

    private static async Task<Ok<AnalyticsSummary>> Summary(AnalyticsAnswers answers, HttpResponse response) =>
        TypedResults.Ok(await answers.GetAsync(response, "summary", grain => grain.GetSummaryAsync()));

    private static async Task<Ok<SalesResponse>> Sales(SalesQuery query, AnalyticsAnswers answers, HttpResponse response)
    {
        var (from, to, interval) = (query.From, query.To, query.IntervalValue);
        var buckets = await answers.GetAsync(
            response,
            string.Create(CultureInfo.InvariantCulture, $"sales:{interval}:{from.UtcTicks}:{to.UtcTicks}"),
            grain => grain.GetSalesAsync(from, to, interval));
        return TypedResults.Ok(new SalesResponse(query.Interval, from, to, buckets));
    }

    private static async Task<Ok<TopProductsResponse>> TopProducts(TopProductsQuery query, AnalyticsAnswers answers, HttpResponse response)
    {
        var items = await answers.GetAsync(
            response,
            string.Create(CultureInfo.InvariantCulture, $"top:{query.ByValue}:{query.LimitValue}"),
            grain => grain.GetTopProductsAsync(query.ByValue, query.LimitValue));
        return TypedResults.Ok(new TopProductsResponse(query.By, query.LimitValue, items));
    }
}

/// <summary>
/// The query of <c>/api/analytics/sales</c>: <c>interval=hour|day</c> (default <c>day</c>), <c>from</c> and <c>to</c>
/// as ISO 8601 date-times (without an offset: UTC). <c>to</c> defaults to now, <c>from</c> to 23 hours or 29 days before
/// it (24 or 30 buckets). Both are moved to the start of their bucket; the range may span at most
/// <see cref="SalesRange.MaxBuckets"/> buckets.
/// </summary>
[RequestParameter("interval", "hour or day (default day).")]
[RequestParameter("from", "ISO 8601 start (UTC unless it says otherwise); defaults to 23 hours or 29 days before to.")]
[RequestParameter("to", "ISO 8601 end; defaults to now.")]
internal sealed class SalesQuery
{
    private DateTimeOffset _now;

    public string Interval { get; private init; } = "day";

    public string? FromText { get; private init; }

    public string? ToText { get; private init; }

    /// <summary>The interval asked for (a bad one, refused by validation, reads as a day).</summary>
    public SalesInterval IntervalValue => Interval == "hour" ? SalesInterval.Hour : SalesInterval.Day;

    /// <summary>The range asked for: <c>to</c> defaults to now, <c>from</c> to 23 hours or 29 days before it.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Requested
    {
        get
        {
            var to = DateParameter.Read(ToText) ?? _now;
            var from = DateParameter.Read(FromText) ?? to - (SalesRange.Width(IntervalValue) * (IntervalValue == SalesInterval.Hour ? 23 : 29));
            return (from, to);
        }
    }

    /// <summary>The start of the first bucket (once validated).</summary>
    public DateTimeOffset From => SalesRange.BucketStart(Requested.From, IntervalValue);

    /// <summary>The start of the last bucket (once validated).</summary>
    public DateTimeOffset To => SalesRange.BucketStart(Requested.To, IntervalValue);

    public static ValueTask<SalesQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<SalesQuery?>(new SalesQuery
    {
        Interval = PagingQuery.Single(context, "interval") ?? "day",
        FromText = PagingQuery.Single(context, "from"),
        ToText = PagingQuery.Single(context, "to"),
        _now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
    });
}

internal sealed class SalesQueryValidator : AbstractValidator<SalesQuery>
{
    public SalesQueryValidator()
    {
        RuleFor(q => q.Interval).Must(i => i is "hour" or "day").WithMessage("The interval parameter must be hour or day.");
        RuleFor(q => q.ToText).Named("to").Date();
        RuleFor(q => q.FromText).Named("from").Date();
        // The range is checked only once each part of it is readable.
        RuleFor(q => q).Custom((query, context) =>
        {
            var (from, to) = query.Requested;
            if (from > to)
            {
                context.AddFailure("from", "The from parameter must not be after to.");
                return;
            }

            var buckets = SalesRange.BucketCount(from, to, query.IntervalValue);
            if (buckets > SalesRange.MaxBuckets)
            {
                context.AddFailure("to", string.Create(
                    CultureInfo.InvariantCulture,
                    $"The range spans {buckets} {query.Interval}s; at most {SalesRange.MaxBuckets} are allowed: narrow it or use a wider interval."));
            }
        }).When(q => q.Interval is "hour" or "day" && DateParameter.Problem(q.FromText) is null && DateParameter.Problem(q.ToText) is null);
    }
}

/// <summary>The query of <c>/api/analytics/top-products</c>: <c>by=units|revenue</c> (default <c>units</c>) and <c>limit</c> (1 to <see cref="MaxLimit"/>, default 10).</summary>
[RequestParameter("by", "units or revenue (default units).")]
[RequestParameter("limit", "How many products, from 1 to 100 (default 10).", IsInteger = true)]
internal sealed class TopProductsQuery
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public string By { get; private init; } = "units";

    public string? Limit { get; private init; }

    public TopProductsBy ByValue => By == "revenue" ? TopProductsBy.Revenue : TopProductsBy.Units;

    public int LimitValue => Limit is null ? DefaultLimit : int.Parse(Limit, CultureInfo.InvariantCulture);

    public static ValueTask<TopProductsQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<TopProductsQuery?>(new TopProductsQuery
    {
        By = PagingQuery.Single(context, "by") ?? "units",
        Limit = PagingQuery.Single(context, "limit"),
    });
}

internal sealed class TopProductsQueryValidator : AbstractValidator<TopProductsQuery>
{
    public TopProductsQueryValidator()
    {
        RuleFor(q => q.By).Must(b => b is "units" or "revenue").WithMessage("The by parameter must be units or revenue.");
        RuleFor(q => q.Limit).WholeNumber(1, TopProductsQuery.MaxLimit);
    }
}

/// <summary>The answer of <c>/api/analytics/sales</c>: the interval, the starts of the first and last bucket, and the buckets, oldest first.</summary>
internal sealed record SalesResponse(string Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SalesBucket> Buckets);

/// <summary>The answer of <c>/api/analytics/top-products</c>: the ranking, the limit, and the products, best first.</summary>
internal sealed record TopProductsResponse(string By, int Limit, IReadOnlyList<TopProduct> Items);

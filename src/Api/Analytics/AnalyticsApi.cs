using System.Globalization;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts.Analytics;
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
internal sealed class SalesQuery : IValidatable
{
    private string? _from;
    private string? _to;
    private DateTimeOffset _now;

    public string Interval { get; private init; } = "day";

    /// <summary>The interval asked for (a bad one, already refused by <see cref="Validate"/>, reads as a day).</summary>
    public SalesInterval IntervalValue => Interval == "hour" ? SalesInterval.Hour : SalesInterval.Day;

    /// <summary>The start of the first bucket (once validated).</summary>
    public DateTimeOffset From { get; private set; }

    /// <summary>The start of the last bucket (once validated).</summary>
    public DateTimeOffset To { get; private set; }

    public static ValueTask<SalesQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<SalesQuery?>(new SalesQuery
    {
        Interval = PagingQuery.Single(context, "interval") ?? "day",
        _from = PagingQuery.Single(context, "from"),
        _to = PagingQuery.Single(context, "to"),
        _now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
    });

    public void Validate(ValidationErrors errors)
    {
        if (Interval is not ("hour" or "day"))
        {
            errors.Add("interval", "The interval parameter must be hour or day.");
        }

        var to = DateParameter.Parse(errors, "to", _to) ?? _now;
        var from = DateParameter.Parse(errors, "from", _from) ?? to - (SalesRange.Width(IntervalValue) * (IntervalValue == SalesInterval.Hour ? 23 : 29));
        if (!errors.IsEmpty)
        {
            return;
        }

        if (from > to)
        {
            errors.Add("from", "The from parameter must not be after to.");
            return;
        }

        var buckets = SalesRange.BucketCount(from, to, IntervalValue);
        if (buckets > SalesRange.MaxBuckets)
        {
            errors.Add("to", string.Create(
                CultureInfo.InvariantCulture,
                $"The range spans {buckets} {Interval}s; at most {SalesRange.MaxBuckets} are allowed: narrow it or use a wider interval."));
            return;
        }

        (From, To) = (SalesRange.BucketStart(from, IntervalValue), SalesRange.BucketStart(to, IntervalValue));
    }
}

/// <summary>The query of <c>/api/analytics/top-products</c>: <c>by=units|revenue</c> (default <c>units</c>) and <c>limit</c> (1 to <see cref="MaxLimit"/>, default 10).</summary>
internal sealed class TopProductsQuery : IValidatable
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    private string? _limit;

    public string By { get; private init; } = "units";

    public TopProductsBy ByValue => By == "revenue" ? TopProductsBy.Revenue : TopProductsBy.Units;

    public int LimitValue => _limit is null ? DefaultLimit : int.Parse(_limit, CultureInfo.InvariantCulture);

    public static ValueTask<TopProductsQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<TopProductsQuery?>(new TopProductsQuery
    {
        By = PagingQuery.Single(context, "by") ?? "units",
        _limit = PagingQuery.Single(context, "limit"),
    });

    public void Validate(ValidationErrors errors)
    {
        if (By is not ("units" or "revenue"))
        {
            errors.Add("by", "The by parameter must be units or revenue.");
        }

        PagingQuery.Check(errors, "limit", _limit, 1, MaxLimit);
    }
}

/// <summary>The answer of <c>/api/analytics/sales</c>: the interval, the starts of the first and last bucket, and the buckets, oldest first.</summary>
internal sealed record SalesResponse(string Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SalesBucket> Buckets);

/// <summary>The answer of <c>/api/analytics/top-products</c>: the ranking, the limit, and the products, best first.</summary>
internal sealed record TopProductsResponse(string By, int Limit, IReadOnlyList<TopProduct> Items);

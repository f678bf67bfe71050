using System.Globalization;
using System.Text;
using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Records;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Admin;

/// <summary>
/// <c>/api/admin</c>, for admins: the durable records (<see cref="IRecordsStore"/>) searched and exported. Without a
/// records store (cluster mode without MongoDB) every route answers 503.
/// </summary>
internal static class AdminRecordsApi
{
    public static IEndpointRouteBuilder MapAdminRecordsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin").WithTags("Admin").WithRequestValidation().RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/orders", Orders);
        group.MapGet("/orders/export", Export).Produces<string>(StatusCodes.Status200OK, "text/csv");
        group.MapGet("/customers", Customers);
        group.MapGet("/alerts", Alerts);
        return routes;
    }

    private static async Task<Results<Ok<PageResponse<OrderDetails>>, ProblemHttpResult>> Orders(AdminOrdersQuery query, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Store(services) is not { } store)
        {
            return NoRecords();
        }

        var page = query.Paging.Request;
        var found = await store.FindOrdersAsync(query.ToQuery(page), cancellationToken);
        return TypedResults.Ok(PageResponse<OrderDetails>.From(Paged(found, page, AdminRecordViews.Order)));
    }

    private static async Task<Results<Ok<PageResponse<AdminCustomer>>, ProblemHttpResult>> Customers(AdminCustomersQuery query, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Store(services) is not { } store)
        {
            return NoRecords();
        }

        var page = query.Paging.Request;
        var found = await store.FindCustomersAsync(new CustomerRecordQuery { Text = query.Q, Skip = page.Skip, Limit = page.Limit }, cancellationToken);
        return TypedResults.Ok(PageResponse<AdminCustomer>.From(Paged(found, page, AdminRecordViews.Customer)));
    }

    private static async Task<Results<Ok<PageResponse<AdminAlert>>, ProblemHttpResult>> Alerts(AdminAlertsQuery query, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Store(services) is not { } store)
        {
            return NoRecords();
        }

        var page = query.Paging.Request;
        var found = await store.FindAlertsAsync(new AlertRecordQuery { From = query.FromValue?.UtcDateTime, To = query.ToValue?.UtcDateTime, Type = query.Type, Skip = page.Skip, Limit = page.Limit }, cancellationToken);
        return TypedResults.Ok(PageResponse<AdminAlert>.From(Paged(found, page, AdminRecordViews.Alert)));
    }

    /// <summary>Every line of every order placed in the range, as CSV, written as it is read.</summary>
    private static Results<PushStreamHttpResult, ProblemHttpResult> Export(AdminExportQuery query, IServiceProvider services)
    {
        if (Store(services) is not { } store)
        {
            return NoRecords();
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"orders-{query.FromValue?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "start"}-{query.ToValue?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "now"}.csv");
        return TypedResults.Stream(
            async stream =>
            {
                // RFC 4180: lines end in CRLF.
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024) { NewLine = "\r\n" };
                await writer.WriteLineAsync(OrderCsv.Header);
                await foreach (var order in store.ExportOrdersAsync(query.FromValue?.UtcDateTime, query.ToValue?.UtcDateTime))
                {
                    foreach (var line in OrderCsv.Rows(order))
                    {
                        await writer.WriteLineAsync(line);
                    }
                }
            },
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: name);
    }

    private static IRecordsStore? Store(IServiceProvider services) => services.GetService<IRecordsStore>();

    private static ProblemHttpResult NoRecords() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "No records are kept: this cluster has no MongoDB (set MONGO_URI).");

    private static PagedResult<TView> Paged<TRecord, TView>(RecordPage<TRecord> found, PageRequest page, Func<TRecord, TView> view) => new()
    {
        Items = [.. found.Items.Select(view)],
        Page = page.Page,
        Limit = page.Limit,
        Total = (int)Math.Min(found.Total, int.MaxValue),
    };
}

/// <summary>The CSV of the export: one row per order line, with the order's fields on each.</summary>
internal static class OrderCsv
{
    public const string Header = "orderId,createdAt,customerId,status,productId,productName,unitPrice,quantity,lineTotal,orderTotal";

    public static IEnumerable<string> Rows(OrderRecord order)
    {
        foreach (var line in order.Items)
        {
            yield return string.Join(',',
                Field(order.Id),
                Field(order.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
                Field(order.CustomerId),
                Field(order.Status.ToString().ToLowerInvariant()),
                Field(line.ProductId),
                Field(line.Name),
                Field(line.UnitPrice.ToString(CultureInfo.InvariantCulture)),
                Field(line.Quantity.ToString(CultureInfo.InvariantCulture)),
                Field(line.LineTotal.ToString(CultureInfo.InvariantCulture)),
                Field(order.Total.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>RFC 4180 quoting; a leading formula character is defused so a spreadsheet shows the text rather than runs it.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}

/// <summary>A customer as the admin search lists them.</summary>
internal sealed record AdminCustomer(string Id, string Name, string Email, string? Phone, string Role, DateTimeOffset RegisteredAt);

/// <summary>An alert as the admin search lists them.</summary>
internal sealed record AdminAlert(string Id, string Owner, string Type, string Title, string Message, string About, string SourceEventId, DateTimeOffset CreatedAt);

/// <summary>How records are shown: orders exactly as <c>GET /api/orders/{id}</c> shows them.</summary>
internal static class AdminRecordViews
{
    public static OrderDetails Order(OrderRecord order) => new()
    {
        Id = order.Id,
        CustomerId = order.CustomerId,
        Items = [.. order.Items.Select(l => new OrderLine { ProductId = l.ProductId, Name = l.Name, UnitPrice = l.UnitPrice, Quantity = l.Quantity })],
        ShippingAddress = new ShippingAddress
        {
            Street = order.ShippingAddress.Street,
            City = order.ShippingAddress.City,
            State = order.ShippingAddress.State,
            ZipCode = order.ShippingAddress.ZipCode,
            Country = order.ShippingAddress.Country,
        },
        Status = Status(order.Status),
        Total = order.Total,
        CreatedAt = Utc(order.CreatedAt),
        UpdatedAt = Utc(order.UpdatedAt),
        History = [.. order.History.Select(h => new OrderStatusChange { Status = Status(h.Status), At = Utc(h.At), Actor = h.Actor })],
    };

    public static AdminCustomer Customer(CustomerRecord c) => new(c.Id, c.Name, c.Email, c.Phone, c.Role, Utc(c.RegisteredAt));

    public static AdminAlert Alert(AlertRecord a) => new(a.Id, a.Owner, a.Type, a.Title, a.Message, a.About, a.SourceEventId, Utc(a.CreatedAt));

    private static OrderStatus Status(OrderRecordStatus status) => Enum.Parse<OrderStatus>(status.ToString());

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>The query of <c>GET /api/admin/orders</c>: <c>status</c>, <c>customerId</c>, <c>from</c>, <c>to</c>, <c>minTotal</c> and paging.</summary>
[RequestParameter("status", "Only orders in this status.")]
[RequestParameter("customerId", "Only this customer's orders.")]
[RequestParameter("from", "ISO 8601: orders placed at or after.")]
[RequestParameter("to", "ISO 8601: orders placed before.")]
[RequestParameter("minTotal", "Only orders of at least this total, e.g. 25 or 19.99.")]
internal sealed class AdminOrdersQuery : IPagedQuery, IDateRangeQuery
{
    public const decimal MaxMinTotal = 1_000_000_000m;
    public static readonly string[] Statuses = [.. Enum.GetNames<OrderRecordStatus>().Select(s => s.ToLowerInvariant())];

    public required PagingQuery Paging { get; init; }

    public string? Status { get; private init; }

    public string? CustomerId { get; private init; }

    public string? From { get; private init; }

    public string? To { get; private init; }

    public string? MinTotal { get; private init; }

    public decimal? MinTotalValue => ParseAmount(MinTotal);

    public static ValueTask<AdminOrdersQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<AdminOrdersQuery?>(new()
    {
        Paging = PagingQuery.From(context),
        Status = PagingQuery.Single(context, "status"),
        CustomerId = PagingQuery.Single(context, "customerId"),
        From = PagingQuery.Single(context, "from"),
        To = PagingQuery.Single(context, "to"),
        MinTotal = PagingQuery.Single(context, "minTotal"),
    });

    /// <summary>An amount from 0 to <see cref="MaxMinTotal"/>, e.g. 25 or 19.99; otherwise <see langword="null"/>.</summary>
    public static decimal? ParseAmount(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount <= MaxMinTotal ? amount : null;

    public OrderRecordQuery ToQuery(PageRequest page) => new()
    {
        Status = Status is null ? null : Enum.Parse<OrderRecordStatus>(Status, ignoreCase: true),
        CustomerId = CustomerId,
        From = DateParameter.Read(From)?.UtcDateTime,
        To = DateParameter.Read(To)?.UtcDateTime,
        MinTotal = MinTotalValue,
        Skip = page.Skip,
        Limit = page.Limit,
    };
}

internal sealed class AdminOrdersQueryValidator : AbstractValidator<AdminOrdersQuery>
{
    public AdminOrdersQueryValidator(IValidator<IPagedQuery> paging, IValidator<IDateRangeQuery> range)
    {
        Include(paging);
        Include(range);
        RuleFor(q => q.Status).OneOf(AdminOrdersQuery.Statuses);
        RuleFor(q => q.CustomerId).Must(id => id is null || EntityId.IsWellFormed(id))
            .WithMessage("The customerId parameter must be a customer id (24 hexadecimal characters).");
        RuleFor(q => q.MinTotal).Must(m => m is null || AdminOrdersQuery.ParseAmount(m) is not null)
            .WithMessage($"The minTotal parameter must be an amount from 0 to {AdminOrdersQuery.MaxMinTotal}, e.g. 25 or 19.99.");
    }
}

/// <summary>The query of <c>GET /api/admin/customers</c>: <c>q</c> (text in the name or email, any case) and paging.</summary>
[RequestParameter("q", "Text in the name or email, any case.")]
internal sealed class AdminCustomersQuery : IPagedQuery
{
    public const int MaxQueryLength = 200;

    public required PagingQuery Paging { get; init; }

    public string? Q { get; private init; }

    public static ValueTask<AdminCustomersQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<AdminCustomersQuery?>(new()
    {
        Paging = PagingQuery.From(context),
        Q = PagingQuery.Single(context, "q") is { } q && q.Trim().Length > 0 ? q.Trim() : null,
    });
}

internal sealed class AdminCustomersQueryValidator : AbstractValidator<AdminCustomersQuery>
{
    public AdminCustomersQueryValidator(IValidator<IPagedQuery> paging)
    {
        Include(paging);
        RuleFor(q => q.Q).Must(q => q is not { Length: > AdminCustomersQuery.MaxQueryLength })
            .WithMessage($"The q parameter must be at most {AdminCustomersQuery.MaxQueryLength} characters long.");
    }
}

/// <summary>The query of <c>GET /api/admin/alerts</c>: <c>from</c>, <c>to</c>, <c>type</c> and paging.</summary>
[RequestParameter("type", "Only alerts of this kind.")]
[RequestParameter("from", "ISO 8601: alerts made at or after.")]
[RequestParameter("to", "ISO 8601: alerts made before.")]
internal sealed class AdminAlertsQuery : IPagedQuery, IDateRangeQuery
{
    public required PagingQuery Paging { get; init; }

    public string? Type { get; private init; }

    public string? From { get; private init; }

    public string? To { get; private init; }

    public DateTimeOffset? FromValue => DateParameter.Read(From);

    public DateTimeOffset? ToValue => DateParameter.Read(To);

    public static ValueTask<AdminAlertsQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<AdminAlertsQuery?>(new()
    {
        Paging = PagingQuery.From(context),
        Type = PagingQuery.Single(context, "type"),
        From = PagingQuery.Single(context, "from"),
        To = PagingQuery.Single(context, "to"),
    });
}

internal sealed class AdminAlertsQueryValidator : AbstractValidator<AdminAlertsQuery>
{
    public AdminAlertsQueryValidator(IValidator<IPagedQuery> paging, IValidator<IDateRangeQuery> range)
    {
        Include(paging);
        Include(range);
        RuleFor(q => q.Type).OneOf(Notifications.NotificationListQuery.Types);
    }
}

/// <summary>The query of <c>GET /api/admin/orders/export</c>: <c>from</c> and <c>to</c>.</summary>
[RequestParameter("from", "ISO 8601: orders placed at or after.")]
[RequestParameter("to", "ISO 8601: orders placed before.")]
internal sealed class AdminExportQuery : IDateRangeQuery
{
    public string? From { get; private init; }

    public string? To { get; private init; }

    public DateTimeOffset? FromValue => DateParameter.Read(From);

    public DateTimeOffset? ToValue => DateParameter.Read(To);

    public static ValueTask<AdminExportQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<AdminExportQuery?>(new AdminExportQuery
    {
        From = PagingQuery.Single(context, "from"),
        To = PagingQuery.Single(context, "to"),
    });
}

internal sealed class AdminExportQueryValidator : AbstractValidator<AdminExportQuery>
{
    public AdminExportQueryValidator(IValidator<IDateRangeQuery> range) => Include(range);
}

/// <summary>A <c>from</c>–<c>to</c> range of the admin queries: either end may be left out; <c>to</c> is exclusive.</summary>
internal interface IDateRangeQuery
{
    string? From { get; }

    string? To { get; }
}

internal sealed class DateRangeRules : AbstractValidator<IDateRangeQuery>
{
    public DateRangeRules()
    {
        RuleFor(q => q.From).Date();
        RuleFor(q => q.To).Date();
        RuleFor(q => q.From).Must((q, from) => !(DateParameter.Read(from) > DateParameter.Read(q.To)))
            .WithMessage("The from parameter must not be after to.");
    }
}

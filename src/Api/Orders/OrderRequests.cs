using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Orders;
using FluentValidation;

namespace EcommerceBackend.Api.Orders;

/// <summary>A line of <c>POST /api/orders</c>.</summary>
internal sealed record OrderLineBody(string? ProductId, int? Quantity);

/// <summary>The address of <c>POST /api/orders</c>.</summary>
internal sealed record ShippingAddressBody(string? Street, string? City, string? State, string? ZipCode, string? Country);

/// <summary>
/// The body of <c>POST /api/orders</c>. A product named on several lines is merged into one line with the
/// quantities added up; the merged quantity is held to the same bound as a single line's.
/// </summary>
internal sealed record PlaceOrderRequest(string? CustomerId, List<OrderLineBody?>? Items, ShippingAddressBody? ShippingAddress)
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 1000;
    public const int MaxAddressField = 200;
    public const int MaxZipCode = 20;

    /// <summary>One line per product, in the order each product first appears.</summary>
    public List<OrderLineRequest> MergedLines() => Items!
        .GroupBy(l => l!.ProductId!, StringComparer.Ordinal)
        .Select(g => new OrderLineRequest { ProductId = g.Key, Quantity = g.Sum(l => l!.Quantity!.Value) })
        .ToList();

    public PlaceOrder ToCommand(string actor)
    {
        var lines = MergedLines();
        var address = new ShippingAddress
        {
            Street = ShippingAddress!.Street!.Trim(),
            City = ShippingAddress.City!.Trim(),
            State = ShippingAddress.State!.Trim(),
            ZipCode = ShippingAddress.ZipCode!.Trim(),
            Country = ShippingAddress.Country!.Trim(),
        };
        return new PlaceOrder
        {
            CustomerId = CustomerId!,
            Items = lines,
            ShippingAddress = address,
            Actor = actor,
            RequestHash = Digest(CustomerId!, lines, address),
        };
    }

    /// <summary>What the request asks for, independent of line order and spacing, for comparing retries.</summary>
    private static string Digest(string customerId, List<OrderLineRequest> lines, ShippingAddress address)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            customerId,
            items = lines.OrderBy(l => l.ProductId, StringComparer.Ordinal).Select(l => new { l.ProductId, l.Quantity }),
            address,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

internal sealed class PlaceOrderRequestValidator : AbstractValidator<PlaceOrderRequest>
{
    public PlaceOrderRequestValidator()
    {
        RuleFor(r => r.CustomerId).RequiredText(EntityId.Length);
        RuleFor(r => r.CustomerId).Must(id => EntityId.IsWellFormed(id!.Trim()))
            .WithMessage("The customerId field must be a customer id (24 lower-case hexadecimal characters).")
            .When(r => r.CustomerId is { } id && VisibleText.HasVisible(id));

        RuleFor(r => r.Items).Custom((items, context) =>
        {
            if (items is not { Count: > 0 })
            {
                context.AddFailure("The items field must list at least one product.");
            }
            else if (items.Count > PlaceOrderRequest.MaxLines)
            {
                context.AddFailure($"An order may have at most {PlaceOrderRequest.MaxLines} lines.");
            }
        });
        When(r => r.Items is { Count: > 0 and <= PlaceOrderRequest.MaxLines }, () =>
        {
            RuleForEach(r => r.Items).NotNull().WithMessage("Each line must be an object with productId and quantity.").ChildRules(line =>
            {
                line.RuleFor(l => l!.ProductId).Must(EntityId.IsWellFormed)
                    .WithMessage("The productId field must be a product id (24 lower-case hexadecimal characters).");
                line.RuleFor(l => l!.Quantity).Must(q => q is >= 1 and <= PlaceOrderRequest.MaxQuantity)
                    .WithMessage($"The quantity must be a whole number from 1 to {PlaceOrderRequest.MaxQuantity}.");
            });
            // Lines are merged only when every line is well formed; a broken field elsewhere does not stop the check.
            RuleFor(r => r.Items).Custom((_, context) =>
            {
                foreach (var merged in context.InstanceToValidate.MergedLines().Where(l => l.Quantity > PlaceOrderRequest.MaxQuantity))
                {
                    context.AddFailure($"Product {merged.ProductId} is ordered {merged.Quantity} times over its lines; at most {PlaceOrderRequest.MaxQuantity} per product.");
                }
            }).When(r => r.Items!.All(l => l is not null && EntityId.IsWellFormed(l.ProductId) && l.Quantity is >= 1 and <= PlaceOrderRequest.MaxQuantity));
        });

        RuleFor(r => r.ShippingAddress).NotNull().WithMessage("The shippingAddress field is required.").ChildRules(address =>
        {
            address.RuleFor(a => a!.Street).RequiredText(PlaceOrderRequest.MaxAddressField);
            address.RuleFor(a => a!.City).RequiredText(PlaceOrderRequest.MaxAddressField);
            address.RuleFor(a => a!.State).RequiredText(PlaceOrderRequest.MaxAddressField);
            address.RuleFor(a => a!.ZipCode).RequiredText(PlaceOrderRequest.MaxZipCode);
            address.RuleFor(a => a!.Country).RequiredText(PlaceOrderRequest.MaxAddressField);
        });
    }
}

/// <summary>The body of <c>PATCH /api/orders/{id}/status</c>.</summary>
internal sealed record ChangeStatusRequest(string? Status)
{
    public static readonly string Allowed = string.Join(", ", Enum.GetNames<OrderStatus>().Select(n => n.ToLowerInvariant()));

    public OrderStatus Parsed => Enum.Parse<OrderStatus>(Status!, ignoreCase: true);
}

internal sealed class ChangeStatusRequestValidator : AbstractValidator<ChangeStatusRequest>
{
    public ChangeStatusRequestValidator() => RuleFor(r => r.Status).Custom((status, context) =>
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            context.AddFailure("The status field is required.");
        }
        else if (!Enum.GetNames<OrderStatus>().Contains(status, StringComparer.OrdinalIgnoreCase))
        {
            context.AddFailure($"The status must be one of {ChangeStatusRequest.Allowed}.");
        }
    });
}

/// <summary>The <c>Idempotency-Key</c> header: retries with the same key and body get the same order.</summary>
[RequestParameter("Idempotency-Key", "Retries with the same key and body answer the same order (1 to 200 visible ASCII characters).", InHeader = true)]
internal sealed class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    public string? Value { get; init; }

    public static ValueTask<IdempotencyKey?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<IdempotencyKey?>(new IdempotencyKey
        {
            Value = context.Request.Headers.TryGetValue(Header, out var values) ? values.ToString() : null,
        });

    /// <summary>The order id: derived from the customer and the key, so every retry reaches the same order grain.</summary>
    public string OrderIdFor(string customerId) =>
        Value is null ? EntityId.New() : EntityId.FromName($"order-idempotency:{customerId}:{Value}");
}

internal sealed class IdempotencyKeyValidator : AbstractValidator<IdempotencyKey>
{
    public IdempotencyKeyValidator() => RuleFor(k => k.Value).Named(IdempotencyKey.Header)
        .Must(v => v is null || (v.Length is > 0 and <= IdempotencyKey.MaxLength && v.All(c => c is >= '!' and <= '~')))
        .WithMessage($"The {IdempotencyKey.Header} header must be 1 to {IdempotencyKey.MaxLength} visible ASCII characters.");
}

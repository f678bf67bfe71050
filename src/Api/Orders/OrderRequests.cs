using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Api.Orders;

/// <summary>A line of <c>POST /api/orders</c>.</summary>
internal sealed record OrderLineBody(string? ProductId, int? Quantity);

/// <summary>The address of <c>POST /api/orders</c>.</summary>
internal sealed record ShippingAddressBody(string? Street, string? City, string? State, string? ZipCode, string? Country);

/// <summary>
/// The body of <c>POST /api/orders</c>. A product named on several lines is merged into one line with the
/// quantities added up; the merged quantity is held to the same bound as a single line's.
/// </summary>
internal sealed record PlaceOrderRequest(string? CustomerId, List<OrderLineBody?>? Items, ShippingAddressBody? ShippingAddress) : IValidatable
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 1000;
    private const int MaxAddressField = 200;
    private const int MaxZipCode = 20;

    public void Validate(ValidationErrors errors)
    {
        if (errors.RequireText("customerId", CustomerId, EntityId.Length) is { } customerId && !EntityId.IsWellFormed(customerId))
        {
            errors.Add("customerId", "The customerId field must be a customer id (24 lower-case hexadecimal characters).");
        }

        ValidateItems(errors);
        if (ShippingAddress is not { } address)
        {
            errors.Add("shippingAddress", "The shippingAddress field is required.");
        }
        else
        {
            errors.RequireText("shippingAddress.street", address.Street, MaxAddressField);
            errors.RequireText("shippingAddress.city", address.City, MaxAddressField);
            errors.RequireText("shippingAddress.state", address.State, MaxAddressField);
            errors.RequireText("shippingAddress.zipCode", address.ZipCode, MaxZipCode);
            errors.RequireText("shippingAddress.country", address.Country, MaxAddressField);
        }
    }

    private void ValidateItems(ValidationErrors errors)
    {
        if (Items is not { Count: > 0 })
        {
            errors.Add("items", "The items field must list at least one product.");
            return;
        }

        if (Items.Count > MaxLines)
        {
            errors.Add("items", $"An order may have at most {MaxLines} lines.");
            return;
        }

        // Lines are merged only when every line is well formed; a broken field elsewhere does not stop the check.
        var linesValid = true;
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i] is not { } line)
            {
                errors.Add($"items[{i}]", "Each line must be an object with productId and quantity.");
                linesValid = false;
                continue;
            }

            if (!EntityId.IsWellFormed(line.ProductId))
            {
                errors.Add($"items[{i}].productId", "The productId field must be a product id (24 lower-case hexadecimal characters).");
                linesValid = false;
            }

            if (line.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors.Add($"items[{i}].quantity", $"The quantity must be a whole number from 1 to {MaxQuantity}.");
                linesValid = false;
            }
        }

        if (linesValid)
        {
            foreach (var merged in MergedLines().Where(l => l.Quantity > MaxQuantity))
            {
                errors.Add("items", $"Product {merged.ProductId} is ordered {merged.Quantity} times over its lines; at most {MaxQuantity} per product.");
            }
        }
    }

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

/// <summary>The body of <c>PATCH /api/orders/{id}/status</c>.</summary>
internal sealed record ChangeStatusRequest(string? Status) : IValidatable
{
    public static readonly string Allowed = string.Join(", ", Enum.GetNames<OrderStatus>().Select(n => n.ToLowerInvariant()));

    public OrderStatus Parsed => Enum.Parse<OrderStatus>(Status!, ignoreCase: true);

    public void Validate(ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Status))
        {
            errors.Add("status", "The status field is required.");
        }
        else if (!Enum.GetNames<OrderStatus>().Contains(Status, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("status", $"The status must be one of {Allowed}.");
        }
    }
}

/// <summary>The <c>Idempotency-Key</c> header: retries with the same key and body get the same order.</summary>
internal sealed class IdempotencyKey : IValidatable
{
    public const string Header = "Idempotency-Key";
    private const int MaxLength = 200;

    public string? Value { get; init; }

    public static ValueTask<IdempotencyKey?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<IdempotencyKey?>(new IdempotencyKey
        {
            Value = context.Request.Headers.TryGetValue(Header, out var values) ? values.ToString() : null,
        });

    public void Validate(ValidationErrors errors)
    {
        if (Value is not null && (Value.Length is 0 or > MaxLength || Value.Any(c => c is < '!' or > '~')))
        {
            errors.Add(Header, $"The {Header} header must be 1 to {MaxLength} visible ASCII characters.");
        }
    }

    /// <summary>The order id: derived from the customer and the key, so every retry reaches the same order grain.</summary>
    public string OrderIdFor(string customerId) =>
        Value is null ? EntityId.New() : EntityId.FromName($"order-idempotency:{customerId}:{Value}");
}

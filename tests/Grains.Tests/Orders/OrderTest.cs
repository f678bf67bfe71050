using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>What order tests share: fresh customers, stocked products and order requests, called as an API node would.</summary>
public abstract class OrderTest(ClusterFixture fixture) : ClusterTest(fixture)
{
    protected const string Admin = "admin-of-the-shop";

    protected static readonly ShippingAddress Address = new()
    {
        Street = "1 Analytical Engine Row",
        City = "London",
        State = "Greater London",
        ZipCode = "N1 9GU",
        Country = "UK",
    };

    protected IOrderGrain Order(string orderId) => Grains.GetGrain<IOrderGrain>(orderId);

    protected ICustomerOrdersGrain CustomerOrders(string customerId) => Grains.GetGrain<ICustomerOrdersGrain>(customerId);

    /// <summary>Registers a new customer through its email grain and returns its id.</summary>
    protected async Task<string> RegisterCustomerAsync()
    {
        var email = TestData.NewEmail("buyer");
        var customer = (await Email(email).RegisterAsync(TestData.NewCustomer(email))).Customer;
        Assert.NotNull(customer);
        return customer.Id;
    }

    /// <summary>Creates a product with <paramref name="stock"/> units under a fresh id.</summary>
    protected Task<ProductDetails> StockedProductAsync(int stock, decimal price = 10m) =>
        CreateProductAsync(TestData.NewProduct("order-tests", price: price, stock: stock));

    protected async Task<int> StockOf(string productId)
    {
        var product = await Product(productId).GetAsync();
        Assert.NotNull(product);
        return product.Stock;
    }

    protected async Task<int[]> StocksOf(params string[] productIds)
    {
        var stocks = new int[productIds.Length];
        for (var i = 0; i < productIds.Length; i++)
        {
            stocks[i] = await StockOf(productIds[i]);
        }

        return stocks;
    }

    /// <summary>A validated placement request; the hash stands for what the API digests from the request body.</summary>
    protected static PlaceOrder Request(string customerId, params (string ProductId, int Quantity)[] lines) => new()
    {
        CustomerId = customerId,
        Items = lines.Select(l => new OrderLineRequest { ProductId = l.ProductId, Quantity = l.Quantity }).ToList(),
        ShippingAddress = Address,
        Actor = customerId,
        RequestHash = string.Join(";", lines.Select(l => $"{l.ProductId}x{l.Quantity}")),
    };

    /// <summary>Places an order under a fresh id and asserts that it was created.</summary>
    protected async Task<OrderDetails> PlaceAsync(string customerId, params (string ProductId, int Quantity)[] lines)
    {
        var result = await Order(EntityId.New()).PlaceAsync(Request(customerId, lines));
        Assert.True(result.Succeeded, $"placing failed: {result.Failure} ({result.ProductId})");
        Assert.True(result.Created);
        Assert.NotNull(result.Order);
        return result.Order;
    }

    /// <summary>A customer's pending order of <paramref name="quantity"/> units of a new product with <paramref name="stock"/> units.</summary>
    protected async Task<(OrderDetails Order, string ProductId)> PendingOrderAsync(int stock = 10, int quantity = 3)
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(stock);
        return (await PlaceAsync(customerId, (product.Id, quantity)), product.Id);
    }

    /// <summary>Changes a status and asserts that it worked.</summary>
    protected async Task<OrderDetails> MoveAsync(string orderId, OrderStatus status, string actor = Admin)
    {
        var result = await Order(orderId).ChangeStatusAsync(status, actor);
        Assert.True(result.Succeeded, $"moving {orderId} to {status} failed: {result.Failure}");
        Assert.NotNull(result.Order);
        Assert.Equal(status, result.Order.Status);
        return result.Order;
    }

    /// <summary>The legal moves that take a new (pending) order to <paramref name="status"/>.</summary>
    protected static IReadOnlyList<OrderStatus> PathTo(OrderStatus status) => status switch
    {
        OrderStatus.Pending => [],
        OrderStatus.Confirmed => [OrderStatus.Confirmed],
        OrderStatus.Shipped => [OrderStatus.Confirmed, OrderStatus.Shipped],
        OrderStatus.Delivered => [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered],
        OrderStatus.Cancelled => [OrderStatus.Cancelled],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Asserts that two views of an order are the same field by field (records compare their lists by reference).</summary>
    protected static void AssertSameOrder(OrderDetails expected, OrderDetails? actual)
    {
        Assert.NotNull(actual);
        Assert.Equivalent(expected, actual, strict: true);
    }
}

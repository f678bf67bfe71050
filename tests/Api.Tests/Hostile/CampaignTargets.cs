using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>How a hostile request authenticates: as itself (admin, the attacker), not at all, or with a token broken in one way.</summary>
internal enum Auth
{
    None,
    Admin,
    Attacker,
    Garbage,
    EmptyBearer,
    BasicScheme,
    Expired,
    NotYetValid,
    WrongKey,
    WrongIssuer,
    WrongAudience,
    AlgNone,
    ForgedRole,
    ForgedSubject,
    NoSubject,
    NoSubjectAdmin,
    Huge,
    QueryOnly,
}

/// <summary>
/// The campaign's own data. The <b>victim</b>'s account, orders and notifications and the <b>protected</b> products are
/// attacked only by requests that must be refused (bad tokens, the attacker acting for the victim), so they must look
/// exactly the same afterwards. The <b>attacker</b>'s own orders and the <b>sacrificial</b> products take requests that
/// may succeed; those are checked one by one (a refused one must leave what it named as it was).
/// </summary>
internal sealed partial class CampaignTargets
{
    private CampaignTargets()
    {
    }

    public required string AdminToken { get; init; }

    public required TestCustomer Victim { get; init; }

    public required TestCustomer Attacker { get; init; }

    /// <summary>The victim's orders: pending, confirmed, cancelled.</summary>
    public required IReadOnlyList<string> VictimOrders { get; init; }

    public required IReadOnlyList<string> VictimNotifications { get; init; }

    public required IReadOnlyList<string> AttackerOrders { get; init; }

    public required IReadOnlyList<string> ProtectedProducts { get; init; }

    public required IReadOnlyList<string> SacrificialProducts { get; init; }

    public required string ProtectedCategory { get; init; }

    /// <summary>The category of the products the admin's hostile creations make when they succeed.</summary>
    public required string CreationCategory { get; init; }

    public static async Task<CampaignTargets> CreateAsync(ApiFixture app)
    {
        var protectedCategory = ApiFixture.UniqueCategory();
        var sacrificialCategory = ApiFixture.UniqueCategory();
        var protectedProducts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            protectedProducts.Add(OrderApi.Id(await app.CreateProductAsync(protectedCategory, stock: 50)));
        }

        var sacrificial = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            sacrificial.Add(OrderApi.Id(await app.CreateProductAsync(sacrificialCategory, stock: 100_000)));
        }

        var victim = await app.RegisterCustomerAsync();
        var attacker = await app.RegisterCustomerAsync();
        var pending = OrderApi.Id(await app.PlaceAsync(victim, new Line(protectedProducts[0], 2)));
        var confirmed = OrderApi.Id(await app.PlaceAsync(victim, new Line(protectedProducts[1], 1), new Line(protectedProducts[2], 3)));
        var cancelled = OrderApi.Id(await app.PlaceAsync(victim, new Line(protectedProducts[2], 1)));
        await app.WalkAsync(confirmed, "confirmed");
        using (var victimClient = app.CreateClient(victim.Token))
        using (var cancel = await victimClient.DeleteAsync($"/api/orders/{cancelled}"))
        {
            await cancel.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var attackerOrders = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            attackerOrders.Add(OrderApi.Id(await app.PlaceAsync(attacker, new Line(sacrificial[i], 1))));
        }

        // Three placed, one confirmed, one cancelled: five notifications arrive in the victim's inbox, asynchronously.
        var inbox = await WaitForNotificationsAsync(app, victim.Token, 5);
        await WaitForCatalogAsync(app, protectedCategory, protectedProducts);
        return new CampaignTargets
        {
            AdminToken = await app.AdminTokenAsync(),
            Victim = victim,
            Attacker = attacker,
            VictimOrders = [pending, confirmed, cancelled],
            VictimNotifications = inbox["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList(),
            AttackerOrders = attackerOrders,
            ProtectedProducts = protectedProducts,
            SacrificialProducts = sacrificial,
            ProtectedCategory = protectedCategory,
            CreationCategory = ApiFixture.UniqueCategory(),
        };
    }

    /// <summary>The Authorization header of an <see cref="Auth"/> kind (null: none).</summary>
    public string? Header(Auth auth) => Tokens.Header(auth);

    public HostileTokens Tokens => new(AdminToken, Victim, Attacker);

    /// <summary>What the protected data looks like now, read as the admin and the victim, as one text to compare.</summary>
    public async Task<string> SnapshotAsync(ApiFixture app)
    {
        using var admin = app.CreateClient(AdminToken);
        using var victim = app.CreateClient(Victim.Token);
        var parts = new List<string>();
        foreach (var product in ProtectedProducts)
        {
            parts.Add(await ReadAsync(admin, $"/api/products/{product}"));
        }

        parts.Add(await ReadAsync(admin, $"/api/products?category={ProtectedCategory}&limit={ApiFixture.MaxPageSize}"));
        parts.Add(await ReadAsync(admin, $"/api/customers/{Victim.Id}"));
        parts.Add(await ReadAsync(admin, $"/api/customers/{Attacker.Id}"));
        foreach (var order in VictimOrders)
        {
            parts.Add(await ReadAsync(admin, $"/api/orders/{order}"));
        }

        parts.Add(await ReadAsync(admin, $"/api/orders/customer/{Victim.Id}?limit={ApiFixture.MaxPageSize}"));
        parts.Add(await ReadAsync(victim, $"/api/notifications?limit={ApiFixture.MaxPageSize}"));
        return string.Join("\n", parts);
    }

    /// <summary>A GET whose answer, whatever its status, stands for the state it shows.</summary>
    public static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = TraceId().Replace(await response.Content.ReadAsStringAsync(), "");
        return $"{path} → {(int)response.StatusCode} {text}";
    }

    // Every answer has a trace id of its own; it is not state.
    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    private static async Task<JsonObject> WaitForNotificationsAsync(ApiFixture app, string token, int count)
    {
        using var client = app.CreateClient(token);
        return await Eventually.Until(
            $"{count} notifications in the victim's inbox",
            async () =>
            {
                using var response = await client.GetAsync($"/api/notifications?limit={ApiFixture.MaxPageSize}");
                return await response.ExpectJsonAsync(HttpStatusCode.OK);
            },
            page => HttpAssertions.Total(page) >= count);
    }

    /// <summary>
    /// Waits until the category listing shows every product at the version its own read shows: the catalog index
    /// takes stock moves in batches, so a snapshot taken before that would see it catch up later and call it a change.
    /// </summary>
    private static async Task WaitForCatalogAsync(ApiFixture app, string category, IReadOnlyList<string> products)
    {
        using var client = app.CreateClient();
        var versions = new Dictionary<string, long>();
        foreach (var product in products)
        {
            using var response = await client.GetAsync($"/api/products/{product}");
            versions[product] = (await response.ExpectJsonAsync(HttpStatusCode.OK))["version"]!.GetValue<long>();
        }

        await Eventually.Until(
            $"the listing of {category} to show its products' current versions",
            async () =>
            {
                using var response = await client.GetAsync($"/api/products?category={category}&limit={ApiFixture.MaxPageSize}");
                return (await response.ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
                    .ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["version"]!.GetValue<long>());
            },
            listed => versions.All(v => listed.TryGetValue(v.Key, out var version) && version == v.Value));
    }
}

using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>
/// Generators of hostile requests against every route and hub of the API, each with what it may be answered.
/// Requests that could legitimately change something name only the attacker's own orders and the sacrificial
/// products, and list in <see cref="HostileRequest.Watch"/> what a refusal must leave as it was.
/// </summary>
internal sealed class HostileRequests(CampaignTargets t)
{
    // On an /api route a token in the query is not read: the request is as good as anonymous.
    private static readonly Auth[] BadAuths = [.. HostileTokens.Refused, Auth.QueryOnly];

    private static readonly string[] Statuses = ["pending", "confirmed", "shipped", "delivered", "cancelled", "CONFIRMED", "Shipped"];

    private static readonly Gen<string> Hex24 = Gen.String[Gen.Char["0123456789abcdef"], 24, 24];

    private static readonly Gen<Auth> Bad = Gen.OneOf(BadAuths);

    /// <summary>Every route, weighted roughly by how much there is to get wrong in it.</summary>
    public Gen<HostileRequest> All => Gen.Frequency(
        (2, Health()),
        (2, Register()),
        (2, Login()),
        (4, CustomerProfile()),
        (6, ProductList("/api/products", "products.list")),
        (6, ProductList("/api/products/search", "products.search")),
        (5, ProductGet()),
        (6, ProductCreate()),
        (7, ProductUpdate()),
        (3, ProductDelete()),
        (12, OrderPlace()),
        (5, OrderGet()),
        (5, OrderList()),
        (6, OrderStatus()),
        (5, OrderCancel()),
        (4, NotificationList()),
        (2, NotificationReadAll()),
        (3, NotificationRead()),
        (2, Alerts()),
        (4, Analytics()),
        (4, HubNegotiate()),
        (2, HubConnect()),
        (3, OddMethods()));

    // ---- customers ----

    private Gen<HostileRequest> Health() =>
        Gen.Select(Auths(), Query(), (auth, query) => Request("health", HttpMethod.Get, "/api/health" + query, auth, null, Expect.Either(Json)));

    private Gen<HostileRequest> Register()
    {
        var valid = Fields(
            new("name", OddButValid(100, "Hostile Tester", "A", "Ann O'Neil")),
            new("email", Gen.Frequency(
                (3, Gen.Int[0, 999_999_999].Select(n => $"hostile-{n}@tests.example")),
                (1, Gen.OneOf(t.Victim.Email, t.Victim.Email.ToUpperInvariant(), " " + t.Victim.Email + " ", t.Attacker.Email))).Select(HostileJson.Of)),
            new("password", Gen.Const(HostileJson.Of("Hostile-Passw0rd-1"))),
            new("phone", Gen.OneOf("+1 555 0100", "(555) 010-0000").Select(HostileJson.Of)));
        return Gen.Select(Auths(), Body(valid), (auth, body) => Request(
            "customers.register", HttpMethod.Post, "/api/customers/register", auth, body, Expect.Either(json =>
                json?["customer"]?["role"]?.GetValue<string>() != "customer" ? "a registration made something other than a customer"
                : json["token"] is null ? "a registration answered no token"
                : json["customer"]!["email"]!.GetValue<string>().Equals(t.Victim.Email, StringComparison.OrdinalIgnoreCase) ? "the victim's address was registered again"
                : null)));
    }

    private Gen<HostileRequest> Login()
    {
        var valid = Fields(
            new("email", Gen.OneOf(t.Victim.Email, t.Attacker.Email, t.Victim.Email.ToUpperInvariant(), "nobody@tests.example").Select(HostileJson.Of)),
            new("password", Gen.OneOf("Wrong-Passw0rd-1", t.Victim.Password + " ", t.Victim.Password.ToUpperInvariant(), "").Select(HostileJson.Of)));

        // No generated password is the victim's or the attacker's: every login must be refused.
        return Gen.Select(Auths(), Body(valid), (auth, body) => Request("customers.login", HttpMethod.Post, "/api/customers/login", auth, body, Expect.Refused));
    }

    private Gen<HostileRequest> CustomerProfile() => Gen.Frequency(
        (3, Gen.Select(Bad, Gen.OneOf(t.Victim.Id, t.Attacker.Id), (auth, id) => Request("customers.get bad-token", HttpMethod.Get, $"/api/customers/{id}", auth, null, Expect.Unauthorized))),
        (2, Gen.Const(Request("customers.get attacker→victim", HttpMethod.Get, $"/api/customers/{t.Victim.Id}", Auth.Attacker, null, Expect.Forbidden))),
        (1, Gen.OneOf(Hex24, BadId()).Select(id => Request("customers.get attacker→stranger", HttpMethod.Get, $"/api/customers/{id}", Auth.Attacker, null, Expect.Refused))),
        (1, Gen.Const(Request("customers.get attacker→self", HttpMethod.Get, $"/api/customers/{t.Attacker.Id}", Auth.Attacker, null, Expect.Either(IdIs(t.Attacker.Id))))),
        (2, Id(t.Victim.Id, t.Attacker.Id).Select(id => Request("customers.get admin", HttpMethod.Get, $"/api/customers/{id}", Auth.Admin, null, Expect.Either(NoSecrets)))));

    // ---- products ----

    private Gen<HostileRequest> ProductList(string path, string name) =>
        Gen.Select(Auths(), Query("page", "limit", "category", "q"), (auth, query) => Request(name, HttpMethod.Get, path + query, auth, null, Expect.Either(Page)));

    private Gen<HostileRequest> ProductGet() =>
        Gen.Select(Auths(), Id([.. t.ProtectedProducts, .. t.SacrificialProducts]), (auth, id) => Request(
            "products.get", HttpMethod.Get, $"/api/products/{id}", auth, null, Expect.Either(json => IdIs(Uri.UnescapeDataString(id))(json))));

    private Shape ProductFields(bool forCreate) => Fields(
        new("name", OddButValid(200, "Hostile product", "x")),
        new("description", OddButValid(5000, "A description.")),
        new("price", Gen.OneOf(0m, 0.01m, 9.99m, 1_000_000_000m).Select(HostileJson.Number)),
        new("stock", Gen.OneOf(0m, 1m, 100m, 1_000_000_000m).Select(HostileJson.Number)),
        new("category", Gen.Const(HostileJson.Of(forCreate ? t.CreationCategory : t.CreationCategory + "-moved"))),
        new("images", Gen.OneOf("https://images.example/a.png", "http://127.0.0.1/x.jpg").Select(u => (HostileJson)new HostileJson.Arr([HostileJson.Of(u)]))));

    private Gen<HostileRequest> ProductCreate()
    {
        var watch = new[] { $"/api/products?category={t.CreationCategory}&limit=1" };
        return Gen.Frequency(
            (2, Gen.Select(Bad, Body(ProductFields(true)), (auth, body) => Request("products.create bad-token", HttpMethod.Post, "/api/products", auth, body, Expect.Unauthorized, watch))),
            (1, Body(ProductFields(true)).Select(body => Request("products.create attacker", HttpMethod.Post, "/api/products", Auth.Attacker, body, Expect.Forbidden, watch))),
            (5, Body(ProductFields(true)).Select(body => Request("products.create admin", HttpMethod.Post, "/api/products", Auth.Admin, body, Expect.Either(ProductCheck), watch))));
    }

    private Gen<HostileRequest> ProductUpdate() => Gen.Frequency(
        (2, Gen.Select(Bad, Gen.OneOf([.. t.ProtectedProducts, .. t.SacrificialProducts]), Body(ProductFields(false)), (auth, id, body) =>
            Request("products.update bad-token", HttpMethod.Put, $"/api/products/{id}", auth, body, Expect.Unauthorized, [$"/api/products/{id}"]))),
        (1, Gen.Select(Gen.OneOf([.. t.ProtectedProducts]), Body(ProductFields(false)), (id, body) =>
            Request("products.update attacker", HttpMethod.Put, $"/api/products/{id}", Auth.Attacker, body, Expect.Forbidden))),
        (5, Gen.Select(Id([.. t.SacrificialProducts]), Body(ProductFields(false)), (id, body) =>
            Request("products.update admin", HttpMethod.Put, $"/api/products/{id}", Auth.Admin, body, Expect.Either(ProductCheck), [$"/api/products/{id}"]))));

    private Gen<HostileRequest> ProductDelete() => Gen.Frequency(
        (2, Gen.Select(Bad, Gen.OneOf([.. t.ProtectedProducts]), (auth, id) => Request("products.delete bad-token", HttpMethod.Delete, $"/api/products/{id}", auth, null, Expect.Unauthorized))),
        (1, Gen.OneOf([.. t.ProtectedProducts]).Select(id => Request("products.delete attacker", HttpMethod.Delete, $"/api/products/{id}", Auth.Attacker, null, Expect.Forbidden))),
        (2, Gen.Frequency((9, BadId()), (1, Gen.OneOf([.. t.SacrificialProducts]))).Select(id =>
            Request("products.delete admin", HttpMethod.Delete, $"/api/products/{id}", Auth.Admin, null, Expect.Either(), [$"/api/products/{id}"]))));

    // ---- orders ----

    private static Shape OrderFields(string customerId, IReadOnlyList<string> products)
    {
        var line = Fields(
            new("productId", Gen.Frequency((8, Gen.OneOf([.. products])), (1, Hex24)).Select(HostileJson.Of)),
            new("quantity", Gen.Frequency((9, Gen.Int[1, 5]), (1, Gen.Const(1000))).Select(q => HostileJson.Number(q))));
        var address = Fields(
            new("street", OddButValid(200, "1 Hostile Way")),
            new("city", OddButValid(200, "Springfield")),
            new("state", Gen.Const(HostileJson.Of("IL"))),
            new("zipCode", OddButValid(20, "62701")),
            new("country", Gen.Const(HostileJson.Of("USA"))));
        var lines = new Shape(
            line.Valid.Array[1, 3].Select(ls => (HostileJson)new HostileJson.Arr(ls)),
            Gen.Frequency(
                (4, Gen.Frequency((1, line.Valid), (1, line.Broken)).Array[1, 3].Select(ls => (HostileJson)new HostileJson.Arr(ls))),
                (1, Gen.Int[51, 2000].Select(n => (HostileJson)new HostileJson.Arr(Enumerable.Repeat<HostileJson>(new HostileJson.Raw("null"), n).ToList()))),
                (1, line.Valid.Array[51, 60].Select(ls => (HostileJson)new HostileJson.Arr(ls))),
                (1, HostileValues.Value)));
        return Fields(new("customerId", Gen.Const(HostileJson.Of(customerId))), new("items", lines), new("shippingAddress", address));
    }

    private Gen<HostileRequest> OrderPlace()
    {
        var key = Gen.Frequency(
            (3, Gen.Const((string?)null)),
            (3, Gen.Int[0, int.MaxValue].Select(n => (string?)$"hostile-key-{n}")),
            (1, HostileValues.Text.Select(s => (string?)HostileValues.ForHeader(s))));
        Func<JsonNode?, string?> ownOrder = json =>
            json?["customerId"]?.GetValue<string>() != t.Attacker.Id ? "an order was placed for someone other than the attacker"
            : json["status"]?.GetValue<string>() != "pending" ? "a new order is not pending"
            : json["items"]!.AsArray().Any(i => i!["quantity"]!.GetValue<int>() is < 1 or > 1000) ? "an order line has a quantity out of bounds"
            : null;
        return Gen.Frequency(
            (2, Gen.Select(Bad, Body(OrderFields(t.Victim.Id, t.ProtectedProducts)), key, (auth, body, k) =>
                Request("orders.place bad-token", HttpMethod.Post, "/api/orders", auth, body, Expect.Unauthorized, headers: IdempotencyKey(k)))),
            (3, Gen.Select(Id(t.Victim.Id), Body(OrderFields(t.Victim.Id, t.ProtectedProducts)), key, (customer, body, k) =>
                Request("orders.place attacker→victim", HttpMethod.Post, "/api/orders", Auth.Attacker, Rebind(body, t.Victim.Id, Uri.UnescapeDataString(customer)), Expect.Refused, headers: IdempotencyKey(k)))),
            (6, Gen.Select(Body(OrderFields(t.Attacker.Id, t.SacrificialProducts)), key, (body, k) =>
                Request("orders.place attacker", HttpMethod.Post, "/api/orders", Auth.Attacker, body, Expect.Either(ownOrder), AttackerWatch(body), IdempotencyKey(k)))),
            (1, Gen.Select(Body(OrderFields(t.Attacker.Id, t.SacrificialProducts)), key, (body, k) =>
                Request("orders.place admin-for-attacker", HttpMethod.Post, "/api/orders", Auth.Admin, body, Expect.Either(ownOrder), AttackerWatch(body), IdempotencyKey(k)))));
    }

    /// <summary>What an order of the attacker's may change: the attacker's order list and the stock of the products it names.</summary>
    private string[] AttackerWatch(Payload? body)
    {
        var text = body is null ? "" : Encoding.UTF8.GetString(body.Bytes) + Encoding.Unicode.GetString(body.Bytes);
        return [$"/api/orders/customer/{t.Attacker.Id}?limit=1", .. t.SacrificialProducts.Where(p => text.Contains(p, StringComparison.Ordinal)).Select(p => $"/api/products/{p}")];
    }

    private Gen<HostileRequest> OrderGet() => Gen.Frequency(
        (2, Gen.Select(Bad, Gen.OneOf([.. t.VictimOrders]), (auth, id) => Request("orders.get bad-token", HttpMethod.Get, $"/api/orders/{id}", auth, null, Expect.Unauthorized))),
        (3, Gen.OneOf([.. t.VictimOrders]).Select(id => Request("orders.get attacker→victim", HttpMethod.Get, $"/api/orders/{id}", Auth.Attacker, null, Expect.NotFound))),
        (2, Id([.. t.AttackerOrders]).Select(id => Request("orders.get attacker", HttpMethod.Get, $"/api/orders/{id}", Auth.Attacker, null, Expect.Either(OwnedBy(t.Attacker.Id))))),
        (1, Id([.. t.VictimOrders, .. t.AttackerOrders]).Select(id => Request("orders.get admin", HttpMethod.Get, $"/api/orders/{id}", Auth.Admin, null, Expect.Either(Json)))));

    private Gen<HostileRequest> OrderList() => Gen.Frequency(
        (2, Gen.Select(Bad, Query("page", "limit"), (auth, q) => Request("orders.list bad-token", HttpMethod.Get, $"/api/orders/customer/{t.Victim.Id}{q}", auth, null, Expect.Unauthorized))),
        (3, Gen.Select(Id(t.Victim.Id), Query("page", "limit"), (id, q) => Request("orders.list attacker→victim", HttpMethod.Get, $"/api/orders/customer/{id}{q}", Auth.Attacker, null, Expect.Refused))),
        (2, Query("page", "limit").Select(q => Request("orders.list attacker", HttpMethod.Get, $"/api/orders/customer/{t.Attacker.Id}{q}", Auth.Attacker, null, Expect.Either(Page)))),
        (1, Gen.Select(Id(t.Victim.Id, t.Attacker.Id), Query("page", "limit"), (id, q) => Request("orders.list admin", HttpMethod.Get, $"/api/orders/customer/{id}{q}", Auth.Admin, null, Expect.Either(Page)))));

    private Gen<HostileRequest> OrderStatus()
    {
        var body = Body(Fields(new Field("status", Gen.OneOf(Statuses).Select(HostileJson.Of))));
        return Gen.Frequency(
            (2, Gen.Select(Bad, Gen.OneOf([.. t.VictimOrders]), body, (auth, id, b) =>
                Request("orders.status bad-token", HttpMethod.Patch, $"/api/orders/{id}/status", auth, b, Expect.Unauthorized))),
            (2, Gen.Select(Gen.OneOf([.. t.VictimOrders, .. t.AttackerOrders]), body, (id, b) =>
                Request("orders.status attacker", HttpMethod.Patch, $"/api/orders/{id}/status", Auth.Attacker, b, Expect.Forbidden))),
            (4, Gen.Select(Id([.. t.AttackerOrders]), body, (id, b) =>
                Request("orders.status admin", HttpMethod.Patch, $"/api/orders/{id}/status", Auth.Admin, b, Expect.Either(OwnedBy(t.Attacker.Id)), [$"/api/orders/{Uri.UnescapeDataString(id)}"]))));
    }

    private Gen<HostileRequest> OrderCancel() => Gen.Frequency(
        (2, Gen.Select(Bad, Gen.OneOf([.. t.VictimOrders]), (auth, id) => Request("orders.cancel bad-token", HttpMethod.Delete, $"/api/orders/{id}", auth, null, Expect.Unauthorized))),
        (3, Gen.OneOf([.. t.VictimOrders]).Select(id => Request("orders.cancel attacker→victim", HttpMethod.Delete, $"/api/orders/{id}", Auth.Attacker, null, Expect.NotFound))),
        (2, Id([.. t.AttackerOrders]).Select(id => Request(
            "orders.cancel attacker", HttpMethod.Delete, $"/api/orders/{id}", Auth.Attacker, null, Expect.Either(OwnedBy(t.Attacker.Id)), [$"/api/orders/{Uri.UnescapeDataString(id)}"]))));

    // ---- notifications, alerts, analytics ----

    private Gen<HostileRequest> NotificationList() => Gen.Frequency(
        (2, Gen.Select(Bad, Query("page", "limit", "unread", "type"), (auth, q) => Request("notifications.list bad-token", HttpMethod.Get, "/api/notifications" + q, auth, null, Expect.Unauthorized))),
        (3, Gen.Select(Gen.OneOf(Auth.Attacker, Auth.Admin), Query("page", "limit", "unread", "type"), (auth, q) => Request("notifications.list", HttpMethod.Get, "/api/notifications" + q, auth, null, Expect.Either(Page)))));

    private Gen<HostileRequest> NotificationReadAll() => Gen.Frequency(
        (2, Gen.Select(Bad, RawBody(), (auth, body) => Request("notifications.read-all bad-token", HttpMethod.Post, "/api/notifications/read-all", auth, body, Expect.Unauthorized))),
        (1, RawBody().Select(body => Request("notifications.read-all attacker", HttpMethod.Post, "/api/notifications/read-all", Auth.Attacker, body, Expect.Either(Json)))));

    private Gen<HostileRequest> NotificationRead() => Gen.Frequency(
        (2, Gen.Select(Bad, Gen.OneOf([.. t.VictimNotifications]), (auth, id) => Request("notifications.read bad-token", HttpMethod.Post, $"/api/notifications/{id}/read", auth, null, Expect.Unauthorized))),
        (3, Id([.. t.VictimNotifications]).Select(id => Request("notifications.read attacker→victim", HttpMethod.Post, $"/api/notifications/{id}/read", Auth.Attacker, null, Expect.Refused))));

    private Gen<HostileRequest> Alerts() => Gen.Frequency(
        (2, Gen.Select(Gen.OneOf([.. BadAuths, Auth.Attacker]), Query("page", "limit", "unread", "type"), (auth, q) =>
            Request("alerts", HttpMethod.Get, "/api/alerts" + q, auth, null, auth == Auth.Attacker ? Expect.Forbidden : Expect.Unauthorized))),
        (2, Query("page", "limit", "unread", "type").Select(q => Request("alerts admin", HttpMethod.Get, "/api/alerts" + q, Auth.Admin, null, Expect.Either(Page)))));

    private Gen<HostileRequest> Analytics() => Gen.Select(
        Gen.OneOf("summary", "sales", "top-products"),
        Gen.Frequency((2, Gen.OneOf([.. BadAuths, Auth.Attacker])), (3, Gen.Const(Auth.Admin))),
        Query("from", "to", "interval", "by", "limit"),
        (route, auth, q) => Request(
            $"analytics.{route}", HttpMethod.Get, $"/api/analytics/{route}{q}", auth, null,
            auth == Auth.Admin ? Expect.Either(Json) : auth == Auth.Attacker ? Expect.Forbidden : Expect.Unauthorized));

    // ---- hubs ----

    private Gen<HostileRequest> HubNegotiate() => Gen.Select(
        Gen.OneOf("orders", "alerts", "analytics"),
        Gen.Frequency((3, Bad), (1, Gen.OneOf(Auth.Attacker, Auth.Admin))),
        Gen.OneOf("?negotiateVersion=1", "", "?negotiateVersion=99", "?negotiateVersion=-1", "?negotiateVersion=%00x"),
        (hub, auth, version) =>
        {
            // A token in the query is how browsers send it to hubs, and hubs take it.
            var attacker = auth is Auth.Attacker or Auth.QueryOnly;
            var expect = auth is Auth.Admin || (attacker && hub != "analytics") ? Expect.Either(Json)
                : attacker ? Expect.Forbidden : Expect.Unauthorized;
            return Request($"hubs.{hub}.negotiate", HttpMethod.Post, $"/hubs/{hub}/negotiate{version}", auth, null, expect);
        });

    private Gen<HostileRequest> HubConnect() => Gen.Select(
        Gen.OneOf("orders", "alerts", "analytics"),
        Bad.Where(a => a != Auth.QueryOnly),
        Gen.OneOf("", "?id=unknown", "?id=" + new string('a', 500), "?id=%00"),
        (hub, auth, query) => Request($"hubs.{hub}.connect bad-token", HttpMethod.Get, $"/hubs/{hub}{query}", auth, null, Expect.Unauthorized));

    private Gen<HostileRequest> OddMethods() => Gen.Select(
        Gen.OneOf(
            (HttpMethod.Put, $"/api/orders/{t.VictimOrders[0]}"), (HttpMethod.Patch, $"/api/products/{t.ProtectedProducts[0]}"),
            (HttpMethod.Delete, $"/api/customers/{t.Victim.Id}"), (HttpMethod.Post, "/api/health"), (HttpMethod.Get, "/api/orders"),
            (HttpMethod.Trace, "/api/products"), (new HttpMethod("PROPFIND"), "/api/products"), (HttpMethod.Put, "/api/customers/login"),
            (HttpMethod.Get, "/api/customers/register"), (HttpMethod.Delete, "/api/notifications/read-all"), (HttpMethod.Get, "/api/bench/ceiling"),
            (HttpMethod.Get, "/api/../api/customers/" + t.Victim.Id), (HttpMethod.Get, "/api/products/" + t.ProtectedProducts[0] + "/..%2F..%2Fcustomers")),
        Gen.OneOf(Auth.Attacker, Auth.None, Auth.Garbage),
        ((HttpMethod Method, string Path) route, Auth auth) => Request("odd-methods", route.Method, route.Path, auth, null, Expect.Refused));

    // ---- building blocks ----

    /// <summary>The anonymous routes' callers: anyone, with or without a token that works.</summary>
    private static Gen<Auth> Auths() => Gen.Frequency((3, Gen.Const(Auth.None)), (3, Bad), (2, Gen.OneOf(Auth.Attacker, Auth.Admin)));

    /// <summary>An id for a path: one of the given ones, a well-formed stranger, or something that is not an id at all.</summary>
    private static Gen<string> Id(params string[] known) => Gen.Frequency(
        (4, Gen.OneOf(known.Length == 0 ? ["000000000000000000000000"] : known)),
        (2, Hex24),
        (3, BadId()));

    private static Gen<string> BadId() => Gen.Frequency(
        (3, HostileValues.Text.Where(s => s.Length > 0).Select(HostileValues.ForUrl)),
        (2, Gen.OneOf("..", "%2e%2e", "..%2F..%2Fcustomers", "%20", "%2F", "-1", "0", "1e3", "null", "%7B%7D", "ABCDEF0123456789ABCDEF01", "0123456789abcdef0123456", "0123456789abcdef012345678", "%C3%28", "%ED%A0%80", "%FF%FE")),
        (1, Hex24.Select(h => h.ToUpperInvariant())));

    /// <summary>A query string with the route's parameters (and strangers) set to valid or hostile values, sometimes repeated.</summary>
    private Gen<string> Query(params string[] names)
    {
        var value = Gen.Frequency(
            (3, Gen.OneOf("1", "2", "20", "100", "true", "false", "day", "hour", "units", "revenue", "order.created", "2026-01-01", "2026-01-01T00:00:00Z", "amber", t.ProtectedCategory)),
            (4, HostileValues.Text.Select(HostileValues.ForUrl)),
            (3, Gen.OneOf(HostileValues.OddNumbers).Select(HostileValues.ForUrl)));
        var name = Gen.Frequency((8, Gen.OneOf(names.Length == 0 ? ["x"] : names)), (1, Gen.OneOf("x", "page[]", "limit[0]", "access_token", "%00", "q%5B%5D")));
        var pair = Gen.Select(name, value, (n, v) => $"{n}={v}");
        return Gen.Frequency(
            (1, Gen.Const("")),
            (6, pair.Array[1, 4].Select(p => "?" + string.Join("&", p))),
            (1, Gen.OneOf("?", "?&&&", "?=", "?page", "?page=1&page=2", "?limit=%EF%BC%91", "?%")));
    }

    /// <summary>A body for a route that takes none: nothing, or junk that must be ignored or refused.</summary>
    private static Gen<Payload?> RawBody() => Gen.Frequency(
        (3, Gen.Const((Payload?)null)),
        (1, Gen.OneOf(HostileValues.BrokenBodies).Select(b => (Payload?)new Payload(Encoding.UTF8.GetBytes(b), "application/json"))));

    /// <summary>
    /// An object of named fields, as a <see cref="Shape"/>: valid, every field from its valid generator (odd but acceptable
    /// values included, now and then an extra member the server must ignore); or broken, one field (or any of them)
    /// replaced by a hostile value or left out, or a member given twice.
    /// </summary>
    private static Shape Fields(params Field[] fields) => new(
        FieldsIn(FieldMode.AllValid, 0, fields),
        Gen.Select(Gen.Frequency((2, Gen.Const(FieldMode.OneBroken)), (1, Gen.Const(FieldMode.AnyBroken))), Gen.Int[0, fields.Length - 1])
            .SelectMany((mode, target) => FieldsIn(mode, target, fields)));

    private static Gen<HostileJson> FieldsIn(FieldMode mode, int target, Field[] fields)
    {
        Gen<List<KeyValuePair<string, HostileJson>>> members = Gen.Const(() => new List<KeyValuePair<string, HostileJson>>());
        for (var i = 0; i < fields.Length; i++)
        {
            var (name, valid, broken) = fields[i];
            var good = valid.Select(v => (KeyValuePair<string, HostileJson>?)new(name, v));
            var bad = Gen.Frequency(
                (4, broken.Select(v => (KeyValuePair<string, HostileJson>?)new(name, v))),
                (1, Gen.Const((KeyValuePair<string, HostileJson>?)null)));
            var member = mode switch
            {
                FieldMode.AllValid => good,
                FieldMode.OneBroken => i == target ? bad : good,
                _ => Gen.Frequency((1, good), (1, bad)),
            };
            members = Gen.Select(members, member, (list, m) =>
            {
                if (m is { } present)
                {
                    list.Add(present);
                }

                return list;
            });
        }

        var harmless = Gen.Select(
            Gen.OneOf(HostileValues.ExtraMembers),
            Gen.OneOf<HostileJson>(HostileJson.Of("admin"), new HostileJson.Raw("true"), HostileJson.Of("000000000000000000000000")),
            (k, v) => (KeyValuePair<string, HostileJson>?)new(k, v));
        var duplicate = Gen.Select(Gen.OneOf(fields.Select(f => f.Name).ToArray()), HostileValues.Value, (k, v) => (KeyValuePair<string, HostileJson>?)new(k, v));
        var extra = mode == FieldMode.AllValid
            ? Gen.Frequency((9, Gen.Const((KeyValuePair<string, HostileJson>?)null)), (1, harmless))
            : Gen.Frequency((7, Gen.Const((KeyValuePair<string, HostileJson>?)null)), (1, harmless), (2, duplicate));
        return Gen.Select(members, extra, (list, e) =>
        {
            if (e is { } member)
            {
                list.Add(member);
            }

            return (HostileJson)new HostileJson.Obj(list);
        });
    }

    /// <summary>Odd text the API should still take: not blank and within the field's length.</summary>
    private static Gen<HostileJson> OddButValid(int maxLength, params string[] plain) => Gen.Frequency(
        (2, Gen.OneOf(plain).Select(HostileJson.Of)),
        (1, HostileValues.Text.Where(s => !string.IsNullOrWhiteSpace(s) && s.Length <= maxLength).Select(HostileJson.Of)));

    /// <summary>
    /// A request body, hostile in one way at a time so that each way is reached: valid; with broken fields; broken or
    /// wrongly shaped JSON; not UTF-8 (a BOM, UTF-16, invalid bytes); or labelled with another content type.
    /// </summary>
    private static Gen<Payload?> Body(Shape shape)
    {
        const string json = "application/json";
        var any = Gen.Frequency((1, shape.Valid), (1, shape.Broken)).Select(j => j.Text);
        return Gen.Frequency(
            (4, shape.Valid.Select(j => new Payload(Encoding.UTF8.GetBytes(j.Text), json))),
            (3, shape.Broken.Select(j => new Payload(Encoding.UTF8.GetBytes(j.Text), json))),
            (1, Gen.Frequency((1, Gen.OneOf(HostileValues.BrokenBodies)), (1, HostileValues.Value.Select(v => v.Text))).Select(t => new Payload(Encoding.UTF8.GetBytes(t), json))),
            (1, Gen.Frequency(
                (1, any.Select(s => (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(s)])),
                (1, any.Select(s => Encoding.Unicode.GetBytes(s))),
                (1, Gen.Select(any, Gen.Int[0, 1000], (s, at) =>
                {
                    var utf8 = Encoding.UTF8.GetBytes(s);
                    var cut = Math.Min(at, utf8.Length);
                    return (byte[])[.. utf8[..cut], 0xC3, 0x28, 0xFF, .. utf8[cut..]];
                }))).Select(b => new Payload(b, json))),
            (1, Gen.Select(shape.Valid, Gen.OneOf(HostileValues.ContentTypes), (j, c) => new Payload(Encoding.UTF8.GetBytes(j.Text), c))))
            .Select(p => (Payload?)p);
    }

    /// <summary>The attacker's body naming the victim, with the customer id replaced by another odd one.</summary>
    private static Payload? Rebind(Payload? body, string victimId, string customerId) =>
        body is null || customerId == victimId ? body
        : body with { Bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Bytes).Replace(victimId, customerId, StringComparison.Ordinal)) };

    private static IReadOnlyList<KeyValuePair<string, string>> IdempotencyKey(string? key) => key is null ? [] : [new("Idempotency-Key", key)];

    private HostileRequest Request(
        string name, HttpMethod method, string path, Auth auth, Payload? body, Expect expect,
        IReadOnlyList<string>? watch = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        if (auth == Auth.QueryOnly)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + t.Attacker.Token;
        }

        return new HostileRequest(name, method, path, auth, body?.Bytes, body?.ContentType, headers ?? [], expect, watch ?? []);
    }

    // ---- checks of a success ----

    private static string? Json(JsonNode? json) => json is null ? "a success without a JSON body" : null;

    private static string? NoSecrets(JsonNode? json) =>
        json?.ToJsonString().Contains("passwordHash", StringComparison.OrdinalIgnoreCase) == true ? "an answer carries a password hash" : Json(json);

    private static Func<JsonNode?, string?> IdIs(string id) => json => json?["id"]?.GetValue<string>() == id ? NoSecrets(json) : $"asked for {id}, answered {json?["id"]}";

    private static Func<JsonNode?, string?> OwnedBy(string customerId) => json =>
        json?["customerId"]?.GetValue<string>() == customerId ? null : $"an order of {json?["customerId"]} was shown or changed, not one of {customerId}'s";

    private static string? Page(JsonNode? json) =>
        json?["items"] is not JsonArray items ? "a list without items"
        : json["limit"]?.GetValue<int>() is not { } limit || items.Count > limit ? "a page with more items than its limit"
        : limit > ApiFixture.MaxPageSize ? "a page over the largest page size"
        : NoSecrets(json);

    private string? ProductCheck(JsonNode? json) =>
        json?["category"]?.GetValue<string>() == t.ProtectedCategory ? "a product was moved into the protected category"
        : json?["price"]?.GetValue<decimal>() is not (>= 0 and <= 1_000_000_000m) ? "a product's price is out of bounds"
        : json["stock"]?.GetValue<int>() is not (>= 0 and <= 1_000_000_000) ? "a product's stock is out of bounds"
        : null;
}

/// <summary>A value of a body: how to make it valid, and how to make it broken.</summary>
internal sealed record Shape(Gen<HostileJson> Valid, Gen<HostileJson> Broken);

/// <summary>A named field of a body: its valid values, and what is sent instead when it is broken (any hostile value by default).</summary>
internal sealed record Field(string Name, Gen<HostileJson> Valid, Gen<HostileJson> Broken)
{
    public Field(string name, Gen<HostileJson> valid)
        : this(name, valid, HostileValues.Value)
    {
    }

    /// <summary>A nested object: broken is its own broken form or any hostile value instead of it.</summary>
    public Field(string name, Shape shape)
        : this(name, shape.Valid, Gen.Frequency((3, shape.Broken), (1, HostileValues.Value)))
    {
    }
}

/// <summary>A body's bytes and the Content-Type it is labelled with (null: none).</summary>
internal sealed record Payload(byte[] Bytes, string? ContentType);

/// <summary>How many of a body's fields are broken.</summary>
internal enum FieldMode
{
    AllValid,
    OneBroken,
    AnyBroken,
}

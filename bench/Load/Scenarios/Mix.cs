using System.Globalization;

namespace EcommerceBackend.Load.Scenarios;

/// <summary>What a virtual user can do in one step; some steps are several requests.</summary>
public enum ActionKind
{
    /// <summary><c>GET /api/products/{id}</c>.</summary>
    Get,

    /// <summary><c>GET /api/products?category&amp;page&amp;limit</c>.</summary>
    List,

    /// <summary><c>GET /api/products/search?q</c>.</summary>
    Search,

    /// <summary><c>POST /api/customers/register</c> with a new address, then <c>POST /api/customers/login</c> with it.</summary>
    Register,

    /// <summary><c>POST /api/customers/login</c> as one of the setup's customers.</summary>
    Login,

    /// <summary><c>POST /api/orders</c> with a new Idempotency-Key, retried with the same key after a 5xx, 429 or timeout.</summary>
    Order,

    /// <summary><c>DELETE /api/orders/{id}</c> of one of the user's acknowledged orders (an order is placed when it has none).</summary>
    Cancel,

    /// <summary><c>GET /api/orders/customer/{customerId}</c>.</summary>
    MyOrders,

    /// <summary><c>GET /api/bench/ceiling</c>: the same pipeline without a grain call.</summary>
    Ceiling,
}

/// <summary>The scenarios and the weights of their actions.</summary>
public static class Mix
{
    public static readonly string[] Scenarios = ["browse", "account", "order", "cancel", "mix", "ceiling"];

    /// <summary>
    /// Mostly browsing, a third ordering, a few cancellations; logging in and registering are rare because each hashes a
    /// password (tens of milliseconds of server CPU), as they are rare in a shop's traffic.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> DefaultWeights = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["get"] = 350,
        ["list"] = 100,
        ["search"] = 100,
        ["my-orders"] = 50,
        ["order"] = 300,
        ["cancel"] = 90,
        ["login"] = 6,
        ["register"] = 4,
    };

    private static readonly Dictionary<string, ActionKind> Names = new(StringComparer.Ordinal)
    {
        ["get"] = ActionKind.Get,
        ["list"] = ActionKind.List,
        ["search"] = ActionKind.Search,
        ["register"] = ActionKind.Register,
        ["login"] = ActionKind.Login,
        ["order"] = ActionKind.Order,
        ["cancel"] = ActionKind.Cancel,
        ["my-orders"] = ActionKind.MyOrders,
    };

    /// <summary>"get=5,order=2" → weights; throws <see cref="ArgumentException"/> for unknown names or bad numbers.</summary>
    public static IReadOnlyDictionary<string, int> ParseWeights(string text)
    {
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || !Names.ContainsKey(pair[0])
                || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new ArgumentException($"--mix takes name=weight pairs with names {string.Join(", ", Names.Keys)}; got '{part}'.");
            }

            weights[pair[0]] = weight;
        }

        if (weights.Values.Sum() <= 0)
        {
            throw new ArgumentException("--mix needs at least one positive weight.");
        }

        return weights;
    }

    /// <summary>The weighted actions of a scenario.</summary>
    public static IReadOnlyList<(ActionKind Kind, int Weight)> For(string scenario, IReadOnlyDictionary<string, int> mix) => scenario switch
    {
        "browse" => [(ActionKind.Get, 1), (ActionKind.List, 1), (ActionKind.Search, 1)],
        "account" => [(ActionKind.Register, 1)],
        "order" => [(ActionKind.Order, 1)],
        "cancel" => [(ActionKind.Order, 1), (ActionKind.Cancel, 1)],
        "ceiling" => [(ActionKind.Ceiling, 1)],
        "mix" => mix.Where(w => w.Value > 0).Select(w => (Names[w.Key], w.Value)).ToList(),
        _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
    };

    /// <summary>Picks an action by weight.</summary>
    public static ActionKind Pick(IReadOnlyList<(ActionKind Kind, int Weight)> actions, int total, Random random)
    {
        var at = random.Next(total);
        foreach (var (kind, weight) in actions)
        {
            if (at < weight)
            {
                return kind;
            }

            at -= weight;
        }

        return actions[^1].Kind;
    }
}

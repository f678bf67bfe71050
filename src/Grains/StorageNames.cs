namespace EcommerceBackend.Grains;

/// <summary>The names of the grain storage providers. Part of the persisted layout: never rename.</summary>
public static class StorageNames
{
    /// <summary>Customer accounts and email ownership.</summary>
    public const string Customers = "customers";

    /// <summary>Products and the catalog index.</summary>
    public const string Catalog = "catalog";

    /// <summary>Orders and each customer's order list.</summary>
    public const string Orders = "orders";

    /// <summary>Notification inboxes (each customer's and the admins').</summary>
    public const string Notifications = "notifications";

    /// <summary>Analytics shards: what each applied of the event streams, and its partial totals.</summary>
    public const string Analytics = "analytics";

    /// <summary>Orleans stream subscriptions (the name Orleans looks for).</summary>
    public const string PubSub = "PubSubStore";

    /// <summary>Every storage name the silo registers.</summary>
    public static readonly IReadOnlyList<string> All = [Customers, Catalog, Orders, Notifications, Analytics, PubSub];
}

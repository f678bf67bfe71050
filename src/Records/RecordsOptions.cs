using System.ComponentModel.DataAnnotations;
using MongoDB.Driver;

namespace EcommerceBackend.Records;

/// <summary>Where the durable records go (section <c>Records</c>; <c>MONGO_URI</c> sets <see cref="ConnectionString"/>).</summary>
public sealed class RecordsOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Records";

    /// <summary>The database when the connection string names none.</summary>
    public const string DefaultDatabase = "ecommerce";

    /// <summary>A MongoDB connection string (<c>mongodb://…</c> or <c>mongodb+srv://…</c>); none keeps no MongoDB records.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database; by default the one the connection string names, else <see cref="DefaultDatabase"/>.</summary>
    public string? Database { get; set; }

    /// <summary>How many days alerts are kept (a TTL index removes older ones).</summary>
    public int AlertRetentionDays { get; set; } = 90;

    /// <summary>
    /// How long the cluster keeps retrying to store an event's record while MongoDB is down (cluster mode: the records
    /// read queues of their own, so this holds up nothing else); then the event goes to the dead-letter queue.
    /// </summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Whether a MongoDB is configured.</summary>
    public bool UsesMongo => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>The database to use.</summary>
    public string DatabaseName => Database is { Length: > 0 } name
        ? name
        : (UsesMongo ? MongoUrl.Create(ConnectionString).DatabaseName : null) ?? DefaultDatabase;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesMongo)
        {
            string? problem = null;
            try
            {
                _ = MongoUrl.Create(ConnectionString);
            }
            catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                yield return new ValidationResult($"Records:ConnectionString (MONGO_URI) is not a MongoDB connection string: {problem}");
            }
        }

        if (MaxDeliveryTime < TimeSpan.FromMinutes(1) || MaxDeliveryTime > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult($"Records:MaxDeliveryTime must be from 00:01:00 to 30.00:00:00 (was {MaxDeliveryTime}).");
        }

        if (AlertRetentionDays is < 1 or > 3650)
        {
            yield return new ValidationResult($"Records:AlertRetentionDays must be from 1 to 3650 (was {AlertRetentionDays}).");
        }
    }
}

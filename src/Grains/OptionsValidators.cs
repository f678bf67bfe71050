using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Notifications.Email;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Storage;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains;

/// <summary>Checks <see cref="OutboxOptions"/> (generated).</summary>
[OptionsValidator]
public sealed partial class OutboxOptionsValidator : IValidateOptions<OutboxOptions>;

/// <summary>Checks <see cref="CatalogOptions"/> (generated).</summary>
[OptionsValidator]
public sealed partial class CatalogOptionsValidator : IValidateOptions<CatalogOptions>;

/// <summary>Checks <see cref="NotificationOptions"/> (generated).</summary>
[OptionsValidator]
public sealed partial class NotificationOptionsValidator : IValidateOptions<NotificationOptions>;

/// <summary>Checks <see cref="EmailOptions"/> (generated).</summary>
[OptionsValidator]
public sealed partial class EmailOptionsValidator : IValidateOptions<EmailOptions>;

namespace EcommerceBackend.Contracts;

/// <summary>
/// A grain could not read or store its state: the store refused the write or could not be reached. Nothing of the
/// change was kept (the grain serves what is stored), so the same request can be retried once the store is back.
/// The API answers it with 503 and <c>Retry-After</c>.
/// </summary>
[GenerateSerializer, Alias("ecommerce.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and, for the silo's own log, the store's exception.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using System.Security.Cryptography;
using System.Text;
using EcommerceBackend.Api.Customers;
using EcommerceBackend.Contracts.Customers;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>
/// The per-account half of the login limits, which needs the body's email and so runs as an endpoint filter, after the
/// request was read and validated. Attempts per account are limited like those per address (guessing one account's
/// password from many addresses is slowed as much as from one); failed logins lock the account for growing times; a
/// successful login forgets its failures. An unknown address is counted like a known one, so a lock says nothing
/// about whether an account exists.
/// </summary>
internal sealed class AccountLimitFilter(IRateLimitStore store, RateLimitOptions limits, bool countsFailures)
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var email = invocation.Arguments.Select(a => a switch
        {
            LoginRequest login => login.Email,
            RegisterRequest register => register.Email,
            _ => null,
        }).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e));
        if (email is null)
        {
            return await next(invocation);
        }

        var account = AccountKey(email);
        var verdict = await store.AttemptAsync(account, limits.LoginPermitLimit, limits.LoginWindow);
        if (!verdict.Allowed)
        {
            return new TooManyRequests(verdict.RetryAfter, verdict.Refusal == Refusal.LockedOut
                ? "Too many failed logins for this account; try again later."
                : "Too many attempts for this account; slow down.");
        }

        var result = await next(invocation);
        if (countsFailures)
        {
            switch (StatusOf(result))
            {
                case StatusCodes.Status401Unauthorized:
                    await store.FailAsync(account, limits.Delays);
                    break;
                case StatusCodes.Status200OK:
                    await store.SucceedAsync(account);
                    break;
            }
        }

        return result;
    }

    /// <summary>The account as the limiter knows it: a hash of the normalised email, so Redis holds no addresses.</summary>
    internal static string AccountKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Normalize(email))))[..32];

    private static int? StatusOf(object? result) => (result is INestedHttpResult nested ? nested.Result : result) switch
    {
        IStatusCodeHttpResult { StatusCode: { } status } => status,
        _ => null,
    };

    /// <summary>429 problem details with <c>Retry-After</c>, as the rate limiter's own refusals.</summary>
    private sealed class TooManyRequests(TimeSpan retryAfter, string title) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            RateLimitingSetup.WriteTooManyRequestsAsync(httpContext, retryAfter, title).AsTask();
    }
}

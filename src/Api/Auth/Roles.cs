using System.Security.Claims;
using EcommerceBackend.Contracts.Customers;

namespace EcommerceBackend.Api.Auth;

/// <summary>Role names as they appear in tokens, and the checks endpoints make.</summary>
internal static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";

    /// <summary>The authorization policy of admin-only endpoints.</summary>
    public const string AdminPolicy = "admin";

    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";

    public static string NameOf(CustomerRole role) => role == CustomerRole.Admin ? Admin : Customer;

    public static string? CustomerId(this ClaimsPrincipal user) => user.FindFirstValue(SubjectClaim);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Admin);

    /// <summary>Whether the caller may see or act for this customer: it is them, or an admin.</summary>
    public static bool MayActFor(this ClaimsPrincipal user, string customerId) =>
        user.IsAdmin() || string.Equals(user.CustomerId(), customerId, StringComparison.Ordinal);
}

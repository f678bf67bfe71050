using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>The problem responses endpoints share.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} has the id '{Truncate(id)}'.");

    // An id echoed back is the caller's own text: keep the answer short whatever they sent.
    private static string Truncate(string id) => id.Length <= 64 ? id : id[..64] + "…";
}

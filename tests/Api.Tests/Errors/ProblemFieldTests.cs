using EcommerceBackend.Api.Infrastructure;

namespace EcommerceBackend.Api.Tests.Errors;

public sealed class ProblemFieldTests
{
    [Theory]
    [InlineData("$.price", "price")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    [InlineData("$.images[1]", "images[1]")]
    public void Json_paths_name_the_field(string? path, string field) =>
        Assert.Equal(field, ProblemExceptionHandler.FieldOf(path));
}

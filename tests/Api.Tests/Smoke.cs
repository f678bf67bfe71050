namespace EcommerceBackend.Api.Tests;

public class ProblemFieldTests
{
    [Theory]
    [InlineData("$.price", "price")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    [InlineData("$.images[1]", "images[1]")]
    public void Json_paths_name_the_field(string? path, string field) =>
        Assert.Equal(field, EcommerceBackend.Api.Infrastructure.ProblemExceptionHandler.FieldOf(path));
}

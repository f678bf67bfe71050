namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>The RabbitMQ the cluster-mode process tests use: <c>ECOMMERCE_TEST_RABBITMQ</c>, set by <c>scripts/test.sh</c>.</summary>
internal static class TestRabbitMq
{
    public const string Variable = "ECOMMERCE_TEST_RABBITMQ";

    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            Assert.False(
                string.IsNullOrWhiteSpace(value),
                $"{Variable} is not set. This test needs a RabbitMQ server: run `scripts/services.sh start` and "
                + "`eval \"$(scripts/services.sh env)\"` before `dotnet test`, or run `scripts/test.sh`.");
            return value!;
        }
    }
}

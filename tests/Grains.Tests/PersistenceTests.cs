using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;
using StackExchange.Redis;

namespace EcommerceBackend.Grains.Tests;

/// <summary>Grain state lives in Redis, so it outlives activations and silos.</summary>
public sealed class PersistenceTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    [Fact]
    public async Task A_product_read_after_deactivation_comes_back_from_storage_unchanged()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Garden", description: "Kept in Redis"));
        var updated = await Product(created.Id).UpdateAsync(new ProductChanges { Stock = 3 });
        Assert.NotNull(updated);
        var firstActivation = ActivationOf(Product(created.Id))?.ActivationId;
        Assert.NotNull(firstActivation);

        await Fixture.Cluster.DeactivateAsync(Product(created.Id));
        Assert.Null(ActivationOf(Product(created.Id)));

        TestData.AssertSameProduct(updated, await Product(created.Id).GetAsync());
        Assert.NotEqual(firstActivation, ActivationOf(Product(created.Id))?.ActivationId);
    }

    [Fact]
    public async Task Product_state_is_a_Redis_hash_under_the_service_id()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Garden", name: $"Spade {TestData.Token()}"));

        var key = Assert.Single(await Fixture.StateKeysAsync($"*{created.Id}*"));
        var fields = (await Fixture.Redis.HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());

        Assert.StartsWith($"{Fixture.ServiceId}/state/", key.ToString(), StringComparison.Ordinal);
        Assert.Equal(["data", "etag"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(created.Name, fields["data"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reactivated_product_reads_its_state_from_Redis()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Garden"));
        var key = Assert.Single(await Fixture.StateKeysAsync($"*{created.Id}*"));

        // Take the record away behind the grain's back: only the live activation still knows the product.
        Assert.True(await Fixture.Redis.KeyDeleteAsync(key));
        Assert.NotNull(await Product(created.Id).GetAsync());
        await Fixture.Cluster.DeactivateAsync(Product(created.Id));

        Assert.Null(await Product(created.Id).GetAsync());
        await Index.RemoveAsync(created.Id);
    }

    [Fact]
    public async Task A_product_outlives_the_silo_that_held_it()
    {
        var cluster = Fixture.Cluster;
        var created = await CreateProductAsync(TestData.NewProduct("Garden", name: $"Rake {TestData.Token()}"));
        var updated = await Product(created.Id).UpdateAsync(new ProductChanges { Price = 8.75m });
        Assert.NotNull(updated);

        // The primary silo holds the test cluster's membership table and must stay; put the product on a secondary one.
        var secondary = cluster.SecondarySilos[0];
        if (ActivationOf(Product(created.Id))?.SiloAddress != secondary.SiloAddress)
        {
            await cluster.MigrateAsync(Product(created.Id), secondary.SiloAddress);
        }

        Assert.Equal(secondary.SiloAddress, ActivationOf(Product(created.Id))?.SiloAddress);

        // Keep two silos for the tests that follow: start the replacement before stopping the holder.
        await cluster.StartAdditionalSiloAsync();
        await cluster.StopSiloAsync(secondary);
        await cluster.WaitForLivenessToStabilizeAsync();

        TestData.AssertSameProduct(updated, await Product(created.Id).GetAsync());
        var now = ActivationOf(Product(created.Id));
        Assert.NotNull(now);
        Assert.NotEqual(secondary.SiloAddress, now.SiloAddress);
        Assert.Equal(2, cluster.GetActiveSilos().Count());
    }

    [Fact]
    public async Task A_customer_can_sign_in_after_both_of_its_grains_are_deactivated()
    {
        var email = TestData.NewEmail();
        var registered = (await Email(email).RegisterAsync(TestData.NewCustomer(email, password: "Persist-me-42"))).Customer;
        Assert.NotNull(registered);

        await Fixture.Cluster.DeactivateAsync(Email(email));
        await Fixture.Cluster.DeactivateAsync(Grains.GetGrain<ICustomerGrain>(registered.Id));

        Assert.Equal(registered, await Email(email).AuthenticateAsync("Persist-me-42"));
        Assert.Equal(registered, await Grains.GetGrain<ICustomerGrain>(registered.Id).GetProfileAsync());
        Assert.True((await Email(email).RegisterAsync(TestData.NewCustomer(email))).EmailTaken);
    }

    [Fact]
    public async Task The_stored_customer_record_holds_a_hash_and_never_the_password()
    {
        const string password = "Plain-Text-Never-Stored-7";
        var email = TestData.NewEmail();
        var registered = (await Email(email).RegisterAsync(TestData.NewCustomer(email, password))).Customer;
        Assert.NotNull(registered);

        var key = Assert.Single(await Fixture.StateKeysAsync($"*{registered.Id}*"));
        var data = (await Fixture.Redis.HashGetAsync(key, "data")).ToString();

        Assert.Contains(email, data, StringComparison.Ordinal);
        // ASP.NET Core Identity's v3 hash format: base64 of a 0x01 marker byte and the PBKDF2 parameters.
        Assert.Contains("AQAAAA", data, StringComparison.Ordinal);
        Assert.DoesNotContain(password, data, StringComparison.Ordinal);
    }

    private GrainAddress? ActivationOf(IAddressable grain) =>
        Fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address : null;
}

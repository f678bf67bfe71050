using EcommerceBackend.Api.Analytics;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Grains.Analytics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Tests.Analytics;

/// <summary>CACHE_TTL: how long an API node reuses an analytics answer before asking the grain again.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsAnswersTests(ApiFixture app) : IDisposable
{
    // Each test gets a cache of its own, so an answer kept by one test is not another's.
    private readonly ServiceProvider _cache = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();

    [Fact]
    public async Task Within_the_ttl_the_same_query_asks_the_grain_once_and_another_query_asks_again()
    {
        var answers = Answers(cacheTtlSeconds: 60);
        var asked = 0;
        Task<int> Ask(IAnalyticsGrain _) => Task.FromResult(Interlocked.Increment(ref asked));

        var response = new DefaultHttpContext().Response;
        Assert.Equal(1, await answers.GetAsync(response, "a", Ask));
        Assert.Equal(1, await answers.GetAsync(response, "a", Ask));
        Assert.Equal(2, await answers.GetAsync(response, "b", Ask));
        Assert.Equal("private, max-age=60", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task With_a_ttl_of_zero_every_request_asks_the_grain()
    {
        var answers = Answers(cacheTtlSeconds: 0);
        var asked = 0;
        var response = new DefaultHttpContext().Response;

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await answers.GetAsync(response, "a", _ => Task.FromResult(Interlocked.Increment(ref asked))));
        }

        Assert.Equal("private, max-age=0", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task A_failed_answer_is_not_reused()
    {
        var answers = Answers(cacheTtlSeconds: 60);
        var response = new DefaultHttpContext().Response;

        await Assert.ThrowsAsync<TimeoutException>(() => answers.GetAsync<int>(response, "a", _ => Task.FromException<int>(new TimeoutException())));
        Assert.Equal(7, await answers.GetAsync(response, "a", _ => Task.FromResult(7)));
    }

    public void Dispose() => _cache.Dispose();

    private AnalyticsAnswers Answers(int cacheTtlSeconds) => new(
        app.Services.GetRequiredService<IClusterClient>(),
        _cache.GetRequiredService<HybridCache>(),
        Options.Create(new AnalyticsOptions { CacheTtlSeconds = cacheTtlSeconds }));
}

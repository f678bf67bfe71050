using System.Net;
using EcommerceBackend.Api.Frontend;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceBackend.Api.Tests.Frontend;

/// <summary>
/// Without a built front end, <c>/</c> says how to build one; once built (while the API runs), it is served.
/// The front end's own pieces, in a host of their own: the full application serves a built one (FrontendServingTests).
/// </summary>
public sealed class FrontendNotBuiltTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"frontend-not-built-{Guid.NewGuid():N}");
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Frontend:Path"] = _folder;
        builder.Services.AddProblemDetails();
        builder.Services.AddFrontend(builder.Configuration);
        _app = builder.Build();
        _app.UseStatusCodePages();
        _app.UseFrontendFiles();
        _app.MapFrontend();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Root_says_how_to_build_the_front_end_until_it_is_built_and_then_serves_it()
    {
        using var client = _app.GetTestClient();

        using var before = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var page = await before.Content.ReadAsStringAsync();
        Assert.Contains("not built", page, StringComparison.Ordinal);
        Assert.Contains("npm ci", page, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(_folder, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "index.html"), "<!doctype html><title>built later</title>");
        await File.WriteAllTextAsync(Path.Combine(_folder, "assets", "app-1234abcd.css"), "body{}");

        using var after = await client.GetAsync("/cart");
        Assert.Contains("built later", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var asset = await client.GetAsync("/assets/app-1234abcd.css");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("body{}", await asset.Content.ReadAsStringAsync());
    }
}

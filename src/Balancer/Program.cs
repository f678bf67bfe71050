using EcommerceBackend.Balancer;
using Microsoft.Extensions.Options;

try
{
    // The load balancer in front of several API nodes (compose, the local cluster); Kubernetes has its own.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddBalancer();
    var app = builder.Build();
    app.MapBalancer();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"Configuration error: {string.Join(" ", ex.Failures)}");
    return 2;
}

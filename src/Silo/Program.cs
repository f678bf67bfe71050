using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Silo;
using Microsoft.Extensions.Hosting;

// A silo process of cluster mode: Redis membership and Redis grain state. Start as many as the load needs.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddLegacyEnvironmentVariables();
builder.Services.AddEcommerceTelemetry(builder.Configuration, "ecommerce-silo");
builder.UseOrleans(silo => silo.AddEcommerceSilo(builder.Configuration, HostingMode.Cluster).AddKubernetesMembership(builder.Configuration));
await builder.Build().RunAsync();

/// <summary>The silo host; internal, so it never clashes with the API's public <c>Program</c> where both are referenced.</summary>
internal partial class Program;

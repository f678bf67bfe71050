using EcommerceBackend.Api.Hosting;
using Microsoft.Extensions.Options;

try
{
    // Settings files sit beside the binary, wherever the process is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddApplicationServices();

    var app = builder.Build();
    app.MapApplication();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A bad setting stops the process with the setting's name, not a stack trace.
    Console.Error.WriteLine($"Configuration error: {string.Join(" ", ex.Failures)}");
    return 2;
}

/// <summary>The API host; public so tests can start it in-process.</summary>
public partial class Program;

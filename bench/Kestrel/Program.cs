// The benchmarks' outer ceiling: bare Kestrel answering a product-sized JSON, nothing else in the pipeline (no
// logging, auth, rate limiting or grain call). bench/run.sh measures it in the same run as the shop, one after the
// other, and gives each of the shop's scenarios as a ratio of it. PORT sets the port (default 5098).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 5098;
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();

// The same fields and values as the API's own /api/bench/ceiling and a product read.
var product = new
{
    id = "000000000000000000000000",
    name = "Laptop",
    description = "High-performance laptop",
    price = 999.99m,
    stock = 50,
    category = "electronics",
    images = new[] { "https://example.com/image1.jpg" },
    createdAt = DateTimeOffset.UnixEpoch,
    updatedAt = DateTimeOffset.UnixEpoch,
    version = 1L,
};
app.MapGet("/api/bench/ceiling", () => TypedResults.Ok(product));
app.Run();

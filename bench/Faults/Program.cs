using System.Text.Json;
using EcommerceBackend.Faults;

// The fault harness: README.md beside this file says what it does and how to run it.
var root = Environment.GetEnvironmentVariable("ECOMMERCE_ROOT") ?? FindRoot(AppContext.BaseDirectory);
FaultOptions options;
try
{
    options = FaultOptions.Parse(args, root);
}
catch (HelpRequestedException)
{
    Console.WriteLine(FaultOptions.Usage);
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"faults: {ex.Message}");
    return 2;
}

Directory.CreateDirectory(options.RunDirectory);
var log = Console.Out;
log.WriteLine($"[faults] run folder {options.RunDirectory}; faults {string.Join(", ", options.Faults)}; replay window W = {options.ReplayWindow.TotalSeconds:0} s");
var cluster = new LocalCluster(options, log);
var phases = new List<Phase>();
var report = new List<(string Phase, List<Check> Checks)>();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    await cluster.StartAsync();
    using var shop = new ShopClient(cluster.FrontDoor);
    var admin = await shop.LoginAsync(
        Environment.GetEnvironmentVariable("ADMIN_EMAIL") ?? "admin@example.com", Environment.GetEnvironmentVariable("ADMIN_PASSWORD") ?? "Admin123!");
    await using var reader = await BrokerReader.StartAsync(cluster.RabbitMqUri, $"faults-reader-{Path.GetFileName(options.RunDirectory)}");
    var invariants = new Invariants(shop, reader, cluster, options, admin);
    foreach (var fault in options.Faults)
    {
        var phase = await Phase.RunAsync(fault, phases.Count + 1, options, cluster, log, cancel.Token);
        phases.Add(phase);
        var checks = await invariants.OfPhaseAsync(phase, phases);
        report.Add((fault, checks));
        Print(fault, checks);
    }

    // Notifications live in grain state: after every silo was stopped gracefully and replaced, each is still there once.
    log.WriteLine("[faults] graceful restart of every silo");
    await cluster.RestartEverySiloAsync();
    var after = new List<Check>();
    foreach (var phase in phases)
    {
        after.Add((await invariants.InboxesAsync(phase)) with { Name = $"after restarting every silo, {phase.Fault}'s inboxes hold each notification once" });
    }

    report.Add(("restart", after));
    Print("graceful restart of every silo", after);
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException or HttpRequestException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
{
    log.WriteLine($"[faults] the run could not finish: {ex.Message}");
    report.Add(("harness", [new Check("the run finished", false, ex.Message)]));
}
finally
{
    await cluster.StopAsync();
}

var failed = report.SelectMany(r => r.Checks).Count(c => !c.Holds);
log.WriteLine();
log.WriteLine($"faults: {report.Sum(r => r.Checks.Count)} checks over {phases.Count} faults, {failed} failed");
var outPath = options.OutPath ?? Path.Combine(options.RunDirectory, "faults.json");
await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(
    new
    {
        options.Faults,
        options.Rate,
        PhaseSeconds = options.Phase.TotalSeconds,
        OutageSeconds = options.Outage.TotalSeconds,
        ReplayWindowSeconds = options.ReplayWindow.TotalSeconds,
        Phases = report.Select(r => new { r.Phase, Checks = r.Checks }),
        Failed = failed,
    },
    new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
log.WriteLine($"faults: figures in {outPath}");
return failed == 0 ? 0 : 1;

void Print(string title, List<Check> checks)
{
    log.WriteLine($"== {title}");
    foreach (var check in checks)
    {
        log.WriteLine($"  {(check.Holds ? "ok  " : "FAIL")} {check.Name}: {check.Figures}");
    }
}

// The repository holds scripts/cluster.sh; the harness runs from its build folder somewhere below it.
static string FindRoot(string from)
{
    for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "scripts", "cluster.sh")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Cannot find the repository (scripts/cluster.sh) above the harness; set ECOMMERCE_ROOT.");
}

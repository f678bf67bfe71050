using System.Text.Json;
using EcommerceBackend.Load.Options;
using EcommerceBackend.Load.Recording;
using EcommerceBackend.Load.Running;

// The command line around LoadRun: parse, run, print, write the results. Usage: --help, or README.md beside this file.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"load: {ex.Message}");
    Console.Error.WriteLine("load: --help lists the options.");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends the run early but still prints and writes what was measured.
    e.Cancel = true;
    cancel.Cancel();
};

LoadReport report;
try
{
    report = await LoadRun.RunAsync(options, options.Quiet ? null : Console.Error, cancel.Token);
}
catch (SetupException ex)
{
    Console.Error.WriteLine($"load: setup failed: {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("load: stopped before the setup was done.");
    return 1;
}

Console.Write(report.ToText());
if (options.OutPath is { } path)
{
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions(Ledger.Json) { WriteIndented = true }));
    Console.WriteLine($"results: {path}");
}

if (options.LedgerPath is { } ledger)
{
    Console.WriteLine($"ledger: {ledger}");
}

return options.Strict && report.HasServerFailures ? 3 : 0;

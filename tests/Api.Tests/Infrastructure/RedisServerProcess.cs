using System.Diagnostics;
using System.Globalization;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using StackExchange.Redis;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>
/// A Redis server of a test's own (Debian's <c>redis-server</c>, which <c>scripts/test.sh</c> installs), for a test that
/// makes Redis misbehave without disturbing the tests that share the common one.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly ConnectionMultiplexer _admin;

    private RedisServerProcess(Process process, string folder, int port, ConnectionMultiplexer admin)
    {
        _process = process;
        _folder = folder;
        _admin = admin;
        ConnectionString = $"127.0.0.1:{port}";
    }

    public string ConnectionString { get; }

    public static async Task<RedisServerProcess> StartAsync()
    {
        var port = FreePorts.Take(1)[0];
        var folder = Directory.CreateTempSubdirectory("ecommerce-redis-").FullName;
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var connection = await Eventually.Until(
            $"redis-server on port {port} to accept connections",
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited with {process.ExitCode}");
                }

                var options = ConfigurationOptions.Parse($"127.0.0.1:{port}");
                options.AllowAdmin = true;
                options.AbortOnConnectFail = true;
                return await ConnectionMultiplexer.ConnectAsync(options);
            },
            connected => connected.IsConnected,
            TimeSpan.FromSeconds(20));
        return new RedisServerProcess(process, folder, port, connection);
    }

    /// <summary>Makes the server refuse every write (out of memory), as a full Redis does; reads still work.</summary>
    public Task RefuseWritesAsync() => _admin.GetServers()[0].ConfigSetAsync("maxmemory", "1");

    /// <summary>Takes writes again.</summary>
    public Task AcceptWritesAsync() => _admin.GetServers()[0].ConfigSetAsync("maxmemory", "0");

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

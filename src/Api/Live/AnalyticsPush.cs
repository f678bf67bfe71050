using EcommerceBackend.Contracts.Analytics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Live;

/// <summary>
/// The administrators connected to <c>/hubs/analytics</c> on this node, and the summary version they last heard
/// from <see cref="AnalyticsPush"/>.
/// </summary>
internal sealed class AnalyticsAudience
{
    private readonly Lock _gate = new();
    private int _count;
    private long? _lastPushed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The version the connected administrators last heard (null: push whatever comes next).</summary>
    public long? LastPushed
    {
        get
        {
            lock (_gate)
            {
                return _lastPushed;
            }
        }

        set
        {
            lock (_gate)
            {
                _lastPushed = value;
            }
        }
    }

    /// <summary>
    /// An administrator connected and was sent the summary of version <paramref name="sent"/>. When nobody else is
    /// listening, that is what everyone listening heard: the push does not send it again.
    /// </summary>
    public void Joined(long? sent)
    {
        lock (_gate)
        {
            if (_count++ == 0)
            {
                _lastPushed = sent;
            }
        }
    }

    public void Left()
    {
        lock (_gate)
        {
            _count = Math.Max(0, _count - 1);
        }
    }
}

/// <summary>
/// Pushes the analytics summary to the administrators connected to this node (method <c>summary</c> of
/// <c>/hubs/analytics</c>). While anyone is connected it asks the analytics grain once per
/// <c>Analytics:RefreshIntervalMs</c> and sends the summary when its version changed: at most one message per interval,
/// however many events came in it. Every API node does this for its own connections; asking the grain again each
/// interval also carries the push across the loss of the silo the grain ran on.
/// </summary>
internal sealed partial class AnalyticsPush(
    IClusterClient cluster,
    IHubContext<AnalyticsHub> hub,
    AnalyticsAudience audience,
    IOptions<AnalyticsOptions> options,
    ILogger<AnalyticsPush> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (audience.Count > 0)
                {
                    await PushIfChangedAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    private async Task PushIfChangedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var summary = await cluster.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global).GetSummaryAsync();
            if (summary.Version != audience.LastPushed)
            {
                await hub.Clients.Group(LiveGroups.Admins).SendAsync(AnalyticsHub.SummaryMethod, summary, cancellationToken);
                audience.LastPushed = summary.Version;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A silo going away or a call timing out, say: the next interval asks again. Only stopping ends the loop.
            LogPushFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The analytics summary could not be read or pushed: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string reason);
}

using System.Runtime;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Server;
using WebBroker.Web.Transport;

namespace WebBroker.Web.Operations;

/// <summary>
/// Gives memory back after a burst of traffic. The .NET GC runs only when the program allocates, and the
/// hot paths allocate nothing, so a server that goes quiet after a burst would keep its peak heap and its
/// pooled buffers for good (nats-server's Go runtime returns freed memory in the background). Every
/// <see cref="Period"/> this drops the pooled buffers that stayed unused for the whole period; when the
/// traffic has calmed down and there is memory to give back (buffers just dropped, or the GC holding much
/// more than the live heap), it runs one compacting collection in the mode that decommits what it frees.
/// </summary>
public sealed class MemoryTrimmer(NatsServer server, LargeBlockMemoryPoolFactory transportPools, ILogger<MemoryTrimmer> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <summary>Traffic below this many bytes per period (in and out) counts as quiet.</summary>
    private const long QuietBytes = 16L * 1024 * 1024;

    /// <summary>Committed memory that may sit unused above the live heap before a collection is worth it.</summary>
    private const long Slack = 32L * 1024 * 1024;

    /// <summary>The memory limit from <c>gc_heap_limit</c>, applied before the host starts.</summary>
    public static void ApplyHeapLimit(ServerOptions options, ILogger log)
    {
        if (options.GcHeapLimit <= 0) return;
        try
        {
            AppContext.SetData("GCHeapHardLimit", (ulong)options.GcHeapLimit);
            GC.RefreshMemoryLimit();
            log.LogInformation("GC heap limit: {Limit} bytes", options.GcHeapLimit);
        }
        catch (InvalidOperationException ex)
        {
            log.LogWarning("gc_heap_limit of {Limit} bytes not applied: {Reason}", options.GcHeapLimit, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        var lastTraffic = Traffic();
        long released = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                released += transportPools.Trim() + OutboundBuffers.Trim();
                var traffic = Traffic();
                var quiet = traffic - lastTraffic < QuietBytes;
                lastTraffic = traffic;
                if (!quiet) continue;
                var info = GC.GetGCMemoryInfo();
                if (released == 0 && info.TotalCommittedBytes < info.HeapSizeBytes + Slack) continue;
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                if (log.IsEnabled(LogLevel.Debug))
                    log.LogDebug("Memory trimmed: {Released} pooled bytes released, GC committed {Before} -> {After} bytes",
                        released, info.TotalCommittedBytes, GC.GetGCMemoryInfo().TotalCommittedBytes);
                released = 0;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private long Traffic()
    {
        var (_, inBytes, _, outBytes) = server.Totals();
        return inBytes + outBytes;
    }
}

using System.Text.Json;

namespace WebBroker.Dashboard.Data;

/// <summary>
/// Reads the server's VARZ through the system account every two seconds, once someone has opened
/// the dashboard, and keeps 15 minutes of rates and gauges for the Overview charts.
/// </summary>
public sealed class ServerSampler(ISystemRequests sys) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private const int Samples = 450; // 15 minutes

    private readonly CancellationTokenSource _stop = new();
    private int _started;

    public JsonElement? Latest { get; private set; }

    /// <summary>Raised after each sample (or failed attempt): live pages re-render on it.</summary>
    public event Action? Sampled;
    public string? Error { get; private set; }
    public LiveRates InMsgs { get; } = new(Samples);
    public LiveRates OutMsgs { get; } = new(Samples);
    public LiveRates InBytes { get; } = new(Samples);
    public LiveRates OutBytes { get; } = new(Samples);
    public Queue<double> Connections { get; } = new();
    public Queue<double> MemoryMiB { get; } = new();

    /// <summary>Starts sampling (once) and waits for the first reading, so a first page view has data.</summary>
    public async Task EnsureStartedAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            await SampleAsync();
            _ = LoopAsync();
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) await SampleAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleAsync()
    {
        try
        {
            var v = (await sys.RequestAsync("$SYS.REQ.SERVER.PING.VARZ", cancel: _stop.Token)).GetProperty("data");
            var now = DateTime.UtcNow;
            lock (this)
            {
                InMsgs.Add(now, v.GetProperty("in_msgs").GetInt64());
                OutMsgs.Add(now, v.GetProperty("out_msgs").GetInt64());
                InBytes.Add(now, v.GetProperty("in_bytes").GetInt64());
                OutBytes.Add(now, v.GetProperty("out_bytes").GetInt64());
                Push(Connections, v.GetProperty("connections").GetInt32());
                Push(MemoryMiB, v.GetProperty("mem").GetInt64() / 1048576.0);
                Latest = v;
                Error = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Error = ex.Message;
        }
        Sampled?.Invoke();
    }

    private static void Push(Queue<double> values, double value)
    {
        values.Enqueue(value);
        while (values.Count > Samples) values.Dequeue();
    }

    public void Dispose() => _stop.Cancel();
}

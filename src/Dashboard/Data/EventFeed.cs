namespace WebBroker.Dashboard.Data;

/// <summary>
/// The live feed of client advisories: subscribes (once someone looks) to the system account's connect,
/// disconnect and authentication error events (and WebBroker's summaries of those) and keeps the latest few hundred.
/// </summary>
public sealed class EventFeed(ISystemRequests sys) : IAsyncDisposable
{
    public const int Capacity = 500;
    private static readonly string[] Subjects = ["$SYS.ACCOUNT.*.CONNECT", "$SYS.ACCOUNT.*.DISCONNECT", "$SYS.SERVER.*.CLIENT.AUTH.ERR", "$SYS.SERVER.*.CLIENT.AUTH.SUMMARY"];

    private readonly LinkedList<DashboardEvent> _events = new();
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly SemaphoreSlim _start = new(1, 1);
    private bool _started;

    /// <summary>Raised after an event arrives (on the feed's thread: pages marshal to their own).</summary>
    public event Action? Changed;

    public string? Error { get; private set; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<DashboardEvent> Snapshot()
    {
        lock (_events) return [.. _events];
    }

    public async Task EnsureStartedAsync()
    {
        if (_started) return;
        await _start.WaitAsync();
        try
        {
            if (_started) return;
            foreach (var subject in Subjects) _subscriptions.Add(await sys.SubscribeAsync(subject, Add));
            _started = true;
            Error = null;
        }
        catch (Exception ex)
        {
            Error = ex.Message;
        }
        finally
        {
            _start.Release();
        }
    }

    /// <summary>Takes one advisory (also for tests, which feed the feed directly).</summary>
    public void Add(string subject, System.Text.Json.JsonElement json)
    {
        if (DashboardEvent.From(subject, json) is not { } e) return;
        lock (_events)
        {
            _events.AddFirst(e);
            while (_events.Count > Capacity) _events.RemoveLast();
        }
        Changed?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _subscriptions) await s.DisposeAsync();
    }
}

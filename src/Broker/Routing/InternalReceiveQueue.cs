using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace WebBroker.Broker.Routing;

/// <summary>
/// Where messages for internal subscribers wait, so that their callbacks run off the publisher's read
/// loop, one at a time and in order, as nats-server's system receive queue does. Bounded: when the
/// callbacks fall behind, new messages are dropped and the drops logged (at most once a second),
/// rather than letting a flood of requests grow the server's memory.
/// </summary>
public sealed class InternalReceiveQueue
{
    public const int DefaultCapacity = 8192;

    private readonly Channel<(InternalMessageHandler Handler, InternalMessage Message)> _channel;
    private readonly ILogger _logger;
    private long _dropped;
    private long _lastDropLog;

    public InternalReceiveQueue(ILogger logger, int capacity = DefaultCapacity)
    {
        _logger = logger;
        _channel = Channel.CreateBounded<(InternalMessageHandler, InternalMessage)>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _ = Task.Run(RunAsync);
    }

    /// <summary>Messages dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Enqueue(InternalMessageHandler handler, InternalMessage message)
    {
        if (_channel.Writer.TryWrite((handler, message))) return;
        var dropped = Interlocked.Increment(ref _dropped);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastDropLog);
        if (now - last >= 1000 && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
            _logger.LogWarning("Internal receive queue is full: dropped a message on {Subject} ({Dropped} so far)", message.Subject, dropped);
    }

    /// <summary>Stops the queue; messages still waiting are not delivered.</summary>
    internal void Complete() => _channel.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (var (handler, message) in _channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Internal subscriber on {Subject} failed", message.Subject);
            }
        }
    }
}

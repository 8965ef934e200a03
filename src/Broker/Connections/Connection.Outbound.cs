using System.Buffers;
using System.IO.Pipelines;
using WebBroker.Broker.Logging;
using WebBroker.Broker.Protocol;

using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Connections;

/// <summary>
/// The outbound path. Producers (this client's own read loop, and the read loops of publishers
/// delivering to it) append protocol bytes to pooled chunks under a short lock. Whoever calls
/// <see cref="FlushOutbound"/> first becomes the flusher: it takes all queued chunks, copies them
/// into the transport in one go and flushes, so many messages cost one write. A publisher calls it
/// once per read batch for every client it touched (see <see cref="Touch"/>).
/// </summary>
public abstract partial class Connection
{
    private protected readonly Lock _outLock = new();
    private List<(byte[] Buffer, int Length)> _queued = [];
    private List<(byte[] Buffer, int Length)> _sending = [];
    private byte[]? _tail;
    private int _tailLength;
    private long _pendingBytes;
    private long _outMsgs;
    private long _outBytes;
    private protected int _flushing;
    private protected bool _outputFinished;

    // The clients this read batch delivered to; each is flushed once when the batch ends.
    private static long s_batchCounter;
    private readonly List<Connection> _touched = [];
    private long _batchId;
    private long _touchedInBatch;

    public long PendingBytes => Volatile.Read(ref _pendingBytes);

    private protected void BeginBatch() => _batchId = Interlocked.Increment(ref s_batchCounter);

    internal void Touch(Connection target)
    {
        if (target._touchedInBatch == _batchId) return;
        target._touchedInBatch = _batchId;
        _touched.Add(target);
    }

    /// <summary>Flushes every client this batch delivered to. True when some of them are falling behind
    /// (<see cref="StallThreshold"/>): like nats-server, the fast producer is then stalled briefly (at most
    /// <see cref="MaxStall"/> per read, over all of them) so that those consumers can catch up; their
    /// stall tasks are in <see cref="_stalls"/>.</summary>
    private protected bool FlushTouched()
    {
        var touched = _touched;
        for (var i = 0; i < touched.Count; i++)
        {
            var target = touched[i];
            target.FlushOutbound();
            if (target != this && target.StallTask() is { } stall) _stalls.Add(stall);
        }
        touched.Clear();
        return _stalls.Count > 0;
    }

    /// <summary>nats-server caps a stall at 1 s; ours is shorter because it is taken once per read batch
    /// rather than once per message. A consumer that stopped reading is still cut off: by max_pending, or
    /// by the write deadline.</summary>
    private static readonly TimeSpan MaxStall = TimeSpan.FromMilliseconds(250);

    /// <summary>nats-server stalls producers once half of max_pending waits beyond the socket's own buffer. What
    /// waits beyond the socket here is our queue plus the transport's write buffer (bounded by the host), so
    /// we stall earlier, at <see cref="StallBytes"/>: a consumer that keeps reading drains just as fast from a
    /// short queue, and with hundreds of lagging subscribers memory stays near nats-server's. A consumer
    /// that stops reading still reaches max_pending (or the write deadline) and is cut off.</summary>
    private long StallThreshold => Math.Min(_server.Options.MaxPending / 4 * 3, StallBytes);

    /// <summary>Queued bytes beyond which a consumer holds its producers back (see <see cref="StallThreshold"/>).</summary>
    internal const long StallBytes = 128 * 1024;

    private TaskCompletionSource? _stall;
    private readonly List<Task> _stalls = [];

    /// <summary>A task that completes when the flusher takes the queue, if this client is falling behind.</summary>
    private Task? StallTask()
    {
        var threshold = StallThreshold;
        if (Volatile.Read(ref _pendingBytes) <= threshold) return null;
        lock (_outLock)
        {
            if (_pendingBytes <= threshold || _closing != 0) return null;
            _stall ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _stall.Task;
        }
    }

    /// <summary>Waits until every lagging consumer of the last batch took its queue, or <see cref="MaxStall"/> passed.</summary>
    private protected async Task StallAsync()
    {
        using var cts = new CancellationTokenSource();
        var budget = Task.Delay(MaxStall, cts.Token);
        try
        {
            foreach (var stall in _stalls)
                if (await Task.WhenAny(stall, budget).ConfigureAwait(false) == budget) return;
            cts.Cancel();
        }
        finally
        {
            _stalls.Clear();
        }
    }

    /// <summary>Queues MSG or HMSG for one subscription. False when this client is closed or became a slow consumer.</summary>
    internal bool EnqueueMessage(byte[] sid, ReadOnlySpan<byte> subject, ReadOnlySpan<byte> reply, int headerSize, bool withHeaders, ReadOnlySpan<byte> payload)
    {
        var length = ProtocolWriter.MessageLength(subject.Length, sid.Length, reply.Length, headerSize, withHeaders, payload.Length);
        lock (_outLock)
        {
            if (_closing != 0) return false;
            if (_pendingBytes + length > _server.Options.MaxPending)
            {
                // Decided under the lock, acted on outside it.
                length = -1;
            }
            else
            {
                ProtocolWriter.WriteMessage(Reserve(length), subject, sid, reply, headerSize, withHeaders, payload);
                _outMsgs++;
                _outBytes += payload.Length;
            }
        }
        if (length < 0)
        {
            BrokerLog.SlowConsumer(_log, Id, Remote?.ToString() ?? "-", $"MaxPending of {_server.Options.MaxPending} Exceeded");
            _server.CountSlowConsumer();
            Close(ClosedReason.SlowConsumerPendingBytes);
            return false;
        }
        return true;
    }

    /// <summary>Queues a fixed protocol line (PING, PONG, +OK); the caller flushes.</summary>
    private protected void EnqueueControl(ReadOnlySpan<byte> line)
    {
        lock (_outLock)
        {
            if (_closing != 0) return;
            line.CopyTo(Reserve(line.Length));
        }
    }

    /// <summary>Answers from the read loop: queued now, flushed with the rest of the batch.</summary>
    private protected void Reply(ReadOnlySpan<byte> line)
    {
        EnqueueControl(line);
        Touch(this);
    }

    /// <summary>An -ERR that keeps the connection open, sent from the read loop.</summary>
    private protected void ReplyError(string text)
    {
        EnqueueError(text);
        Touch(this);
    }

    /// <summary>Queues -ERR 'text'. Used also while closing, so it does not look at the closed flag.</summary>
    internal void EnqueueError(string text)
    {
        var length = ProtocolWriter.ErrorLength(text);
        lock (_outLock)
        {
            if (_outputFinished) return;
            ProtocolWriter.WriteError(Reserve(length), text);
        }
    }

    /// <summary>Space for <paramref name="length"/> bytes at the end of the queue. Call under <see cref="_outLock"/>.</summary>
    private protected Span<byte> Reserve(int length)
    {
        if (_tail is null || _tail.Length - _tailLength < length)
        {
            if (_tail is not null && _tailLength > 0) _queued.Add((_tail, _tailLength));
            else if (_tail is not null) OutboundBuffers.Return(_tail);
            _tail = OutboundBuffers.Rent(length);
            _tailLength = 0;
        }
        var span = _tail.AsSpan(_tailLength, length);
        _tailLength += length;
        _pendingBytes += length;
        return span;
    }

    /// <summary>Writes everything queued to the transport, unless another thread is already doing so
    /// (it will see the new data before it lets go).</summary>
    internal void FlushOutbound()
    {
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) != 0) return;
        FlushLoop();
    }

    private void FlushLoop()
    {
        while (true)
        {
            if (!TakeQueued())
            {
                Interlocked.Exchange(ref _flushing, 0);
                // Data queued after TakeQueued found none, by a producer whose own attempt failed
                // because we still held the flag: take it over again.
                if (Volatile.Read(ref _pendingBytes) == 0 || Interlocked.CompareExchange(ref _flushing, 1, 0) != 0) return;
                continue;
            }
            ValueTask<FlushResult> flush;
            try
            {
                flush = WriteSending();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                ReleaseSending();
                Interlocked.Exchange(ref _flushing, 0);
                Close(ClosedReason.WriteError);
                return;
            }
            if (!flush.IsCompletedSuccessfully)
            {
                _ = AwaitFlushAsync(flush);
                return;
            }
            if (flush.Result.IsCompleted || flush.Result.IsCanceled)
            {
                Interlocked.Exchange(ref _flushing, 0);
                Close(ClosedReason.WriteError);
                return;
            }
        }
    }

    /// <summary>The transport is full: wait for it within the write deadline, then carry on flushing.</summary>
    private async Task AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            var result = await flush.AsTask().WaitAsync(_server.Options.WriteDeadline).ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled) throw new IOException("transport closed");
        }
        catch (TimeoutException)
        {
            Interlocked.Exchange(ref _flushing, 0);
            BrokerLog.SlowConsumer(_log, Id, Remote?.ToString() ?? "-", $"WriteDeadline of {_server.Options.WriteDeadline} exceeded");
            _server.CountSlowConsumer();
            Close(ClosedReason.SlowConsumerWriteDeadline);
            return;
        }
        catch (Exception)
        {
            Interlocked.Exchange(ref _flushing, 0);
            Close(ClosedReason.WriteError);
            return;
        }
        FlushLoop();
    }

    private bool TakeQueued()
    {
        lock (_outLock)
        {
            if (_outputFinished) return false;
            if (_tail is not null && _tailLength > 0)
            {
                _queued.Add((_tail, _tailLength));
                _tail = null;
                _tailLength = 0;
            }
            if (_queued.Count == 0) return false;
            (_queued, _sending) = (_sending, _queued);
            _pendingBytes = 0;
            if (_stall is not null)
            {
                _stall.TrySetResult();
                _stall = null;
            }
            return true;
        }
    }

    private ValueTask<FlushResult> WriteSending()
    {
        var flush = Transmit(_sending);
        ReleaseSending();
        return flush;
    }

    /// <summary>Hands the taken chunks to the transport and flushes it (once per flush, never per message).</summary>
    private protected abstract ValueTask<FlushResult> Transmit(List<(byte[] Buffer, int Length)> chunks);

    /// <summary>Tears the transport down at once (a slow consumer, or a last flush that did not finish).</summary>
    private protected abstract void Abort();

    private void ReleaseSending()
    {
        foreach (var (buffer, _) in _sending) OutboundBuffers.Return(buffer);
        _sending.Clear();
    }

    /// <summary>After the connection ends: becomes the last flusher, writes what is left (an -ERR
    /// among it) and returns every pooled buffer; the transport is completed by the subclass.</summary>
    private protected async Task DrainOutboundAsync()
    {
        var deadline = Environment.TickCount64 + 2000;
        while (Interlocked.CompareExchange(ref _flushing, 1, 0) != 0)
        {
            if (Environment.TickCount64 > deadline) { Abort(); break; }
            await Task.Delay(5).ConfigureAwait(false);
        }
        try
        {
            if (_closedReason is not (ClosedReason.SlowConsumerPendingBytes or ClosedReason.SlowConsumerWriteDeadline) && TakeQueued())
                await WriteSending().AsTask().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Abort();
        }
        lock (_outLock)
        {
            _outputFinished = true;
            foreach (var (buffer, _) in _queued) OutboundBuffers.Return(buffer);
            _queued.Clear();
            if (_tail is not null) OutboundBuffers.Return(_tail);
            _tail = null;
            _pendingBytes = 0;
            _stall?.TrySetResult();
            _stall = null;
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace WebBroker.Client;

/// <summary>
/// A small NATS client for our own tools (the dashboard's in-process view of the system account,
/// tests): publish, subscribe, request/reply over one muxed inbox. It speaks the client protocol
/// over any duplex pipe, so it can reach a server in the same process without a socket.
/// Not a general-purpose client: no reconnects, no JetStream.
/// </summary>
public sealed class NatsConnection : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly IDisposable? _owned;
    private readonly NatsClientOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, Channel<NatsMsg>> _subscriptions = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<NatsMsg>> _requests = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _pongs = new();
    private readonly TaskCompletionSource<string> _info = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();
    private readonly string _inboxPrefix = "_INBOX." + Guid.NewGuid().ToString("N") + ".";
    private Task? _readLoop;
    private int _nextSid;
    private int _inboxSid;
    private long _nextRequest;

    private NatsConnection(IDuplexPipe transport, IDisposable? owned, NatsClientOptions options)
    {
        _transport = transport;
        _owned = owned;
        _options = options;
    }

    /// <summary>The server's INFO JSON.</summary>
    public string ServerInfo => _info.Task.IsCompletedSuccessfully ? _info.Task.Result : "";

    /// <summary>Set once the server closed the connection; carries its last -ERR, if any.</summary>
    public string? LastError { get; private set; }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Connects over TCP.</summary>
    public static async Task<NatsConnection> ConnectAsync(string host, int port, NatsClientOptions? options = null, CancellationToken cancel = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port, cancel).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = new StreamDuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
        return await StartAsync(pipe, stream, options ?? new(), cancel).ConfigureAwait(false);
    }

    /// <summary>Connects over an existing duplex pipe (for example to a server in this process).</summary>
    public static Task<NatsConnection> ConnectAsync(IDuplexPipe transport, NatsClientOptions? options = null, CancellationToken cancel = default) =>
        StartAsync(transport, null, options ?? new(), cancel);

    private static async Task<NatsConnection> StartAsync(IDuplexPipe transport, IDisposable? owned, NatsClientOptions options, CancellationToken cancel)
    {
        var connection = new NatsConnection(transport, owned, options);
        connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        await connection._info.Task.WaitAsync(options.RequestTimeout, cancel).ConfigureAwait(false);
        var connect = new Dictionary<string, object?>
        {
            ["verbose"] = false, ["pedantic"] = false, ["protocol"] = 1, ["headers"] = true, ["no_responders"] = true,
            ["lang"] = ".NET", ["version"] = "webbroker", ["name"] = options.Name, ["echo"] = options.Echo,
        };
        if (options.User is not null) connect["user"] = options.User;
        if (options.Password is not null) connect["pass"] = options.Password;
        if (options.Token is not null) connect["auth_token"] = options.Token;
        await connection.WriteAsync($"CONNECT {JsonSerializer.Serialize(connect)}\r\n").ConfigureAwait(false);
        await connection.FlushAsync(cancel).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Round trip to the server (PING/PONG): everything sent before it has been processed.</summary>
    public async Task FlushAsync(CancellationToken cancel = default)
    {
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pongs.Enqueue(pong);
        await WriteAsync("PING\r\n").ConfigureAwait(false);
        await WaitOrClosed(pong.Task, cancel).ConfigureAwait(false);
    }

    public Task PublishAsync(string subject, string data, string? replyTo = null) =>
        PublishAsync(subject, Encoding.UTF8.GetBytes(data), replyTo);

    public async Task PublishAsync(string subject, ReadOnlyMemory<byte> data, string? replyTo = null)
    {
        var line = replyTo is null ? $"PUB {subject} {data.Length}\r\n" : $"PUB {subject} {replyTo} {data.Length}\r\n";
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            _transport.Output.Write(Encoding.UTF8.GetBytes(line));
            _transport.Output.Write(data.Span);
            _transport.Output.Write("\r\n"u8);
            await _transport.Output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Subscribes; messages arrive on the returned reader until the subscription or connection ends.</summary>
    public async Task<NatsSubscription> SubscribeAsync(string subject, string? queue = null, CancellationToken cancel = default)
    {
        var sid = Interlocked.Increment(ref _nextSid);
        var channel = Channel.CreateUnbounded<NatsMsg>(new UnboundedChannelOptions { SingleWriter = true });
        _subscriptions[sid] = channel;
        await WriteAsync(queue is null ? $"SUB {subject} {sid}\r\n" : $"SUB {subject} {queue} {sid}\r\n").ConfigureAwait(false);
        await FlushAsync(cancel).ConfigureAwait(false);
        return new NatsSubscription(this, sid, channel.Reader);
    }

    internal async Task UnsubscribeAsync(int sid)
    {
        if (_subscriptions.TryRemove(sid, out var channel)) channel.Writer.TryComplete();
        if (!IsClosed) await WriteAsync($"UNSUB {sid}\r\n").ConfigureAwait(false);
    }

    /// <summary>Sends a request and waits for the first reply (one shared inbox subscription serves all requests).</summary>
    public async Task<NatsMsg> RequestAsync(string subject, ReadOnlyMemory<byte> data, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        await EnsureInboxAsync(cancel).ConfigureAwait(false);
        var token = Interlocked.Increment(ref _nextRequest).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<NatsMsg>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[token] = reply;
        try
        {
            await PublishAsync(subject, data, _inboxPrefix + token).ConfigureAwait(false);
            var msg = await WaitOrClosed(reply.Task, cancel, timeout ?? _options.RequestTimeout).ConfigureAwait(false);
            if (msg.Status == 503) throw new NatsNoRespondersException(subject);
            return msg;
        }
        finally
        {
            _requests.TryRemove(token, out _);
        }
    }

    public Task<NatsMsg> RequestAsync(string subject, string data, TimeSpan? timeout = null, CancellationToken cancel = default) =>
        RequestAsync(subject, Encoding.UTF8.GetBytes(data), timeout, cancel);

    private async Task EnsureInboxAsync(CancellationToken cancel)
    {
        if (Volatile.Read(ref _inboxSid) != 0) return;
        var sid = Interlocked.Increment(ref _nextSid);
        if (Interlocked.CompareExchange(ref _inboxSid, sid, 0) != 0) return;
        await WriteAsync($"SUB {_inboxPrefix}* {sid}\r\n").ConfigureAwait(false);
        await FlushAsync(cancel).ConfigureAwait(false);
    }

    private async Task WriteAsync(string text)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            _transport.Output.Write(Encoding.UTF8.GetBytes(text));
            await _transport.Output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<T> WaitOrClosed<T>(Task<T> task, CancellationToken cancel, TimeSpan? timeout = null)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, _closed.Token);
        try
        {
            return await task.WaitAsync(timeout ?? _options.RequestTimeout, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            throw new NatsClientException($"connection closed{(LastError is null ? "" : ": " + LastError)}");
        }
    }

    private async Task WaitOrClosed(Task task, CancellationToken cancel) =>
        await WaitOrClosed(task.ContinueWith(static _ => true, TaskScheduler.Default), cancel).ConfigureAwait(false);

    private void ThrowIfClosed()
    {
        if (IsClosed) throw new NatsClientException($"connection closed{(LastError is null ? "" : ": " + LastError)}");
    }

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadOperation(ref buffer)) { }
                input.AdvanceTo(buffer.Start, result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // The connection is gone; waiters are released below.
        }
        finally
        {
            _info.TrySetException(new NatsClientException("connection closed before INFO"));
            _closed.Cancel();
            foreach (var channel in _subscriptions.Values) channel.Writer.TryComplete();
        }
    }

    /// <summary>One complete operation from the buffer, or false when it needs more bytes.</summary>
    private bool TryReadOperation(ref ReadOnlySequence<byte> buffer)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null) return false;
        var line = Encoding.UTF8.GetString(buffer.Slice(0, newline.Value)).TrimEnd('\r');
        var afterLine = buffer.Slice(buffer.GetPosition(1, newline.Value));
        if (line.StartsWith("MSG ", StringComparison.Ordinal) || line.StartsWith("HMSG ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var withHeaders = parts[0] == "HMSG";
            var total = int.Parse(parts[^1], CultureInfo.InvariantCulture);
            var headerLength = withHeaders ? int.Parse(parts[^2], CultureInfo.InvariantCulture) : 0;
            var replyTo = parts.Length == (withHeaders ? 6 : 5) ? parts[3] : null;
            if (afterLine.Length < total + 2) return false;
            var body = afterLine.Slice(0, total).ToArray();
            buffer = afterLine.Slice(total + 2);
            var headers = withHeaders ? Encoding.UTF8.GetString(body, 0, headerLength) : null;
            Dispatch(int.Parse(parts[2], CultureInfo.InvariantCulture),
                new NatsMsg(parts[1], replyTo, headers, body.AsMemory(headerLength)));
            return true;
        }
        buffer = afterLine;
        if (line.StartsWith("PING", StringComparison.Ordinal)) _ = WriteAsync("PONG\r\n").ContinueWith(static _ => { }, TaskScheduler.Default);
        else if (line.StartsWith("PONG", StringComparison.Ordinal)) { if (_pongs.TryDequeue(out var pong)) pong.TrySetResult(); }
        else if (line.StartsWith("INFO ", StringComparison.Ordinal)) _info.TrySetResult(line[5..]);
        else if (line.StartsWith("-ERR ", StringComparison.Ordinal)) LastError = line[5..].Trim('\'', ' ');
        return true;
    }

    private void Dispatch(int sid, NatsMsg msg)
    {
        if (sid == _inboxSid)
        {
            var token = msg.Subject[_inboxPrefix.Length..];
            if (_requests.TryRemove(token, out var waiter)) waiter.TrySetResult(msg);
            return;
        }
        if (_subscriptions.TryGetValue(sid, out var channel)) channel.Writer.TryWrite(msg);
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsClosed)
        {
            try
            {
                await _transport.Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
            }
        }
        _owned?.Dispose();
        if (_readLoop is not null) await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    private sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}

/// <summary>One subscription: read its messages, dispose to unsubscribe.</summary>
public sealed class NatsSubscription(NatsConnection connection, int sid, ChannelReader<NatsMsg> messages) : IAsyncDisposable
{
    public ChannelReader<NatsMsg> Messages { get; } = messages;

    public ValueTask DisposeAsync() => new(connection.UnsubscribeAsync(sid));
}

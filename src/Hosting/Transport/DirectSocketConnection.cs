using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace WebBroker.Web.Transport;

/// <summary>
/// One connection of <see cref="DirectSocketTransportFactory"/>: its reader receives from the socket when
/// the application asks for more (no receive loop of its own), and its writer sends on flush, on the
/// flushing thread, completing synchronously whenever the kernel's buffer has room. Buffers come from the
/// transport's large-block pool.
/// </summary>
internal sealed class DirectSocketConnection : ConnectionContext
{
    private static long s_nextId;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private string? _id;
    private IFeatureCollection? _features;
    private IDictionary<object, object?>? _items;
    private int _disposed;

    public DirectSocketConnection(Socket socket, MemoryPool<byte> pool)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        Transport = new DuplexPipe(
            PipeReader.Create(_stream, new StreamPipeReaderOptions(pool, LargeBlockMemoryPool.BlockSize, minimumReadSize: 4096, leaveOpen: true)),
            PipeWriter.Create(_stream, new StreamPipeWriterOptions(pool, minimumBufferSize: 4096, leaveOpen: true)));
    }

    public override IDuplexPipe Transport { get; set; }

    public override string ConnectionId
    {
        get => _id ??= "nats-" + Interlocked.Increment(ref s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        set => _id = value;
    }

    public override IFeatureCollection Features => _features ??= new FeatureCollection();

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new Dictionary<object, object?>();
        set => _items = value;
    }

    public override EndPoint? LocalEndPoint { get; set; }
    public override EndPoint? RemoteEndPoint { get; set; }

    /// <summary>Tears the connection down at once: pending receives and sends fail, and the read loop ends.</summary>
    public override void Abort(ConnectionAbortedException abortReason)
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        _socket.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return default;
        _stream.Dispose();
        _socket.Dispose();
        return default;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}

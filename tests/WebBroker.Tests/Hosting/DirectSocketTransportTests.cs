using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using WebBroker.Web.Transport;

namespace WebBroker.Tests.Hosting;

/// <summary>The NATS port's own transport: what it binds, and that its pipes carry bytes both ways, wait for a
/// peer that reads slowly, and end when the connection is aborted or the peer leaves.</summary>
public class DirectSocketTransportTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public void It_binds_only_its_own_endpoints_so_HTTP_stays_on_Kestrels_transport()
    {
        var factory = new DirectSocketTransportFactory(new LargeBlockMemoryPoolFactory());
        Assert.True(factory.CanBind(new DirectSocketEndPoint(new IPEndPoint(IPAddress.Loopback, 0))));
        Assert.False(factory.CanBind(new IPEndPoint(IPAddress.Loopback, 0)));
    }

    [Fact]
    public async Task Bytes_go_both_ways_and_the_listener_reports_the_port_it_bound()
    {
        await using var listener = await BindAsync();
        var port = Assert.IsType<IPEndPoint>(listener.EndPoint).Port;
        Assert.True(port > 0);
        using var peer = new TcpClient();
        await peer.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Bounded);
        await using var connection = (await listener.AcceptAsync().AsTask().WaitAsync(Bounded))!;
        Assert.Equal(((IPEndPoint)peer.Client.LocalEndPoint!).Port, Assert.IsType<IPEndPoint>(connection.RemoteEndPoint).Port);

        await connection.Transport.Output.WriteAsync("INFO {}\r\n"u8.ToArray()).AsTask().WaitAsync(Bounded);
        var line = new byte[9];
        await peer.GetStream().ReadExactlyAsync(line).AsTask().WaitAsync(Bounded);
        Assert.Equal("INFO {}\r\n"u8.ToArray(), line);

        await peer.GetStream().WriteAsync("PING\r\n"u8.ToArray()).AsTask().WaitAsync(Bounded);
        Assert.Equal("PING\r\n", await ReadAtLeastAsync(connection.Transport.Input, 6));

        peer.Close();
        var end = await connection.Transport.Input.ReadAsync().AsTask().WaitAsync(Bounded);
        Assert.True(end.IsCompleted);
    }

    [Fact]
    public async Task A_flush_larger_than_the_socket_buffers_completes_once_the_peer_reads_it()
    {
        await using var listener = await BindAsync();
        using var peer = new TcpClient();
        await peer.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.EndPoint).Port).WaitAsync(Bounded);
        await using var connection = (await listener.AcceptAsync().AsTask().WaitAsync(Bounded))!;

        var payload = new byte[16 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        var flush = connection.Transport.Output.WriteAsync(payload).AsTask();
        var received = new byte[payload.Length];
        await peer.GetStream().ReadExactlyAsync(received).AsTask().WaitAsync(Bounded);
        await flush.WaitAsync(Bounded);
        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task Abort_ends_a_pending_read()
    {
        await using var listener = await BindAsync();
        using var peer = new TcpClient();
        await peer.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.EndPoint).Port).WaitAsync(Bounded);
        await using var connection = (await listener.AcceptAsync().AsTask().WaitAsync(Bounded))!;

        var read = connection.Transport.Input.ReadAsync().AsTask();
        connection.Abort(new ConnectionAbortedException("test"));
        try
        {
            var result = await read.WaitAsync(Bounded);
            Assert.True(result.IsCompleted || result.IsCanceled);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // A failed read ends the connection's read loop just the same.
        }
        // The peer sees the connection end.
        var buffer = new byte[16];
        var n = await ReadOrResetAsync(peer.GetStream(), buffer).WaitAsync(Bounded);
        Assert.Equal(0, n);
    }

    [Fact]
    public async Task Unbinding_ends_a_pending_accept_with_no_connection()
    {
        var listener = await BindAsync();
        var accept = listener.AcceptAsync().AsTask();
        await listener.UnbindAsync();
        Assert.Null(await accept.WaitAsync(Bounded));
        await listener.DisposeAsync();
    }

    private static async Task<IConnectionListener> BindAsync() =>
        await new DirectSocketTransportFactory(new LargeBlockMemoryPoolFactory())
            .BindAsync(new DirectSocketEndPoint(new IPEndPoint(IPAddress.Loopback, 0)));

    private static async Task<string> ReadAtLeastAsync(PipeReader input, int count)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(Bounded);
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                var text = System.Text.Encoding.ASCII.GetString(result.Buffer.ToArray());
                input.AdvanceTo(result.Buffer.End);
                return text;
            }
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<int> ReadOrResetAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            return await stream.ReadAsync(buffer);
        }
        catch (IOException)
        {
            return 0; // reset: ended as well
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using WebBroker.Broker.Server;
using WebBroker.Tests.Protocol;
using WebBroker.Web.WebSockets;

namespace WebBroker.Tests.WebSockets;

/// <summary>The WebSocket fast path (deframing in, framing out) must not allocate per message either. The pipes run
/// inline, so the routing happens on the test's thread and only that thread's allocations are counted.</summary>
[Collection(nameof(AllocationCollection))]
public class WebSocketAllocationTests
{
    /// <summary>A WebSocket client on in-memory pipes: masked frames in, the server's frames out.</summary>
    private sealed class Client
    {
        private static readonly PipeOptions Inline = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, useSynchronizationContext: false);
        public readonly Pipe In = new(Inline);
        public readonly Pipe Out = new(Inline);

        public Client(NatsServer server)
        {
            var ws = new FramedWebSocket(In.Reader, Out.Writer, () => Out.Writer.Complete(), 2 * 1024 * 1024);
            _ = Task.Run(() => ws.RunAsync((t, abort) => server.AcceptAsync(t, null, abort, transportType: TransportType.WebSocket)));
        }

        public static byte[] Frame(string text)
        {
            var payload = Encoding.ASCII.GetBytes(text);
            var frame = new byte[14 + payload.Length];
            var size = WebSocketFrames.WriteHeader(frame, WebSocketFrames.Binary, payload.Length);
            frame[1] |= 0x80;
            byte[] key = [1, 2, 3, 4];
            key.CopyTo(frame, size);
            for (var i = 0; i < payload.Length; i++) frame[size + 4 + i] = (byte)(payload[i] ^ key[i % 4]);
            return frame[..(size + 4 + payload.Length)];
        }

        public async Task SendAsync(byte[] frame) => await In.Writer.WriteAsync(frame);

        /// <summary>Reads the server's frames until their payloads add up to <paramref name="bytes"/>.</summary>
        public async Task DrainPayloadAsync(long bytes)
        {
            using var cts = new CancellationTokenSource(10_000);
            long remaining = 0; // of the current frame's payload
            while (bytes > 0)
            {
                var result = await Out.Reader.ReadAsync(cts.Token);
                var buffer = result.Buffer;
                while (true)
                {
                    if (remaining > 0)
                    {
                        var take = Math.Min(remaining, buffer.Length);
                        if (take == 0) break;
                        buffer = buffer.Slice(take);
                        remaining -= take;
                        bytes -= take;
                        continue;
                    }
                    if (!WebSocketFrames.TryReadHeader(buffer, out var header)) break;
                    buffer = buffer.Slice(header.Size);
                    remaining = header.Length;
                }
                Out.Reader.AdvanceTo(buffer.Start, result.Buffer.End);
            }
        }

        public async Task<string> ReadUntilAsync(string expected)
        {
            using var cts = new CancellationTokenSource(10_000);
            var seen = new StringBuilder();
            while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
            {
                var result = await Out.Reader.ReadAsync(cts.Token);
                foreach (var segment in result.Buffer) seen.Append(Encoding.Latin1.GetString(segment.Span));
                Out.Reader.AdvanceTo(result.Buffer.End);
            }
            return seen.ToString();
        }
    }

    [Fact]
    public async Task Routing_between_websocket_clients_allocates_nothing_per_message()
    {
        var server = new NatsServer(new ServerOptions());
        var sub = new Client(server);
        var pub = new Client(server);
        await sub.SendAsync(Client.Frame("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB bench.x 1\r\nPING\r\n"));
        await sub.ReadUntilAsync("PONG");
        await pub.SendAsync(Client.Frame("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n"));
        await pub.ReadUntilAsync("PONG");

        const int PerBatch = 2000;
        var batch = Client.Frame(string.Concat(Enumerable.Repeat("PUB bench.x 16\r\n0123456789abcdef\r\n", PerBatch)));
        async Task RunBatches(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await pub.SendAsync(batch);
                await sub.DrainPayloadAsync(PerBatch * "MSG bench.x 1 16\r\n0123456789abcdef\r\n".Length);
            }
        }

        await RunBatches(5); // warm up: JIT, pools, match cache
        var thread = Environment.CurrentManagedThreadId;
        var before = GC.GetAllocatedBytesForCurrentThread();
        await RunBatches(25);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(thread == Environment.CurrentManagedThreadId, "the routing left the test's thread: its allocations were not all counted");
        var perMessage = allocated / (double)(25 * PerBatch);
        Assert.True(perMessage < 2, $"{perMessage:F2} bytes allocated per routed message");
    }
}

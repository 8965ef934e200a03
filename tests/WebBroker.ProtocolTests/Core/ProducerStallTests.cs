using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// A fast publisher is held back while its subscribers, alive but reading slowly, catch up: each of them
/// gets every message, in order, and nobody is cut off as a slow consumer, although the flood is eight
/// times <c>max_pending</c>. (A subscriber that stops reading is still cut off: see SlowConsumerTests.)
/// </summary>
public sealed class ProducerStallTests
{
    private const string Config = """
        max_pending: 2MB
        max_payload: 65536
        """;

    private const int Subscribers = 8;
    private const int MessageCount = 16384;
    private const int PayloadSize = 1024;
    private static readonly TimeSpan FloodBound = TimeSpan.FromSeconds(90);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Slow_subscribers_that_keep_reading_get_every_message_and_none_is_a_slow_consumer(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config, monitor: true);
        var subscribers = new List<RawClient>();
        try
        {
            for (var i = 0; i < Subscribers; i++)
            {
                var sub = await server.ConnectAsync(receiveBufferSize: 4096);
                subscribers.Add(sub);
                await sub.HandshakeAsync();
                await sub.SendAsync("SUB flood 1\r\nPING\r\n");
                await sub.ExpectLineAsync("PONG");
            }
            await using var publisher = await server.ConnectReadyAsync();

            var readers = subscribers.Select(sub => Task.Run(async () =>
            {
                for (var i = 0; i < MessageCount; i++)
                {
                    var msg = await sub.ReadMsgAsync(FloodBound);
                    Assert.Equal(Payload(i), msg.Payload);
                    // Reading slowly (about 32 KiB per millisecond at most), but reading.
                    if (i % 32 == 31) await Task.Delay(1);
                }
            })).ToList();
            for (var i = 0; i < MessageCount; i += 64)
            {
                var batch = string.Concat(Enumerable.Range(i, 64).Select(n => $"PUB flood {PayloadSize}\r\n{Payload(n)}\r\n"));
                await publisher.SendAsync(batch, FloodBound);
            }
            await publisher.SendAsync("PING\r\n");
            await publisher.ExpectLineAsync("PONG", FloodBound);
            await Task.WhenAll(readers);

            using var http = new HttpClient();
            var varz = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{await server.HttpPortAsync()}/varz")).RootElement;
            Assert.Equal(0, varz.GetProperty("slow_consumers").GetInt64());
            foreach (var sub in subscribers) await sub.ExpectOpenAsync();
        }
        finally
        {
            foreach (var sub in subscribers) await sub.DisposeAsync();
        }
    }

    /// <summary>Message n: its number, then filler, so that order and completeness are both checked.</summary>
    private static string Payload(int n) => n.ToString("D8") + new string('x', PayloadSize - 8);
}

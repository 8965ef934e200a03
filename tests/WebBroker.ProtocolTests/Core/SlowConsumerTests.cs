namespace WebBroker.ProtocolTests;

/// <summary>
/// A subscriber that stops reading while a publisher floods its subject is cut off as a slow
/// consumer (<c>max_pending</c> 256 KiB, <c>write_deadline</c> 2 s), without harming anyone else.
/// nats-server sends the slow consumer nothing special: its stream just ends (mid-message,
/// typically) with a close — no -ERR.
/// </summary>
public sealed class SlowConsumerTests(ServerPool pool) : IClassFixture<ServerPool>
{
    // nats-server requires max_payload <= max_pending. max_pending must also exceed what one
    // publisher read (64 KiB on nats-server) can queue, or the fast subscriber would be cut off too.
    private const string Config = """
        max_pending: 262144
        max_payload: 65536
        write_deadline: "2s"
        """;

    private const int PayloadSize = 65536;
    private const int MessageCount = 256; // 16 MiB: more than the socket buffers of the stalled subscriber hold
    private static readonly TimeSpan FloodBound = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_subscriber_that_stops_reading_is_disconnected_while_a_reading_subscriber_gets_everything(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var slow = await server.ConnectAsync(receiveBufferSize: 4096);
        await slow.HandshakeAsync();
        await slow.SendAsync("SUB flood 1\r\nPING\r\n");
        await slow.ExpectLineAsync("PONG");
        await using var fast = await server.ConnectReadyAsync();
        await fast.SendAsync("SUB flood 1\r\nPING\r\n");
        await fast.ExpectLineAsync("PONG");
        await using var publisher = await server.ConnectReadyAsync();
        await using var bystander = await server.ConnectReadyAsync();

        var payload = new string('x', PayloadSize);
        var fastReceivedAll = Task.Run(async () =>
        {
            for (var i = 0; i < MessageCount; i++)
            {
                var msg = await fast.ReadMsgAsync(FloodBound);
                Assert.Equal(("flood", "1", PayloadSize), (msg.Subject, msg.Sid, msg.Payload.Length));
            }
        });
        var flood = Task.Run(async () =>
        {
            var pub = RawClient.Latin1.GetBytes($"PUB flood {PayloadSize}\r\n{payload}\r\n");
            for (var i = 0; i < MessageCount; i++) await publisher.SendAsync(pub, FloodBound);
            await publisher.SendAsync("PING\r\n");
            await publisher.ExpectLineAsync("PONG", FloodBound);
        });

        // The server keeps serving other clients while the flood goes on.
        await bystander.ExpectOpenAsync();
        await flood;
        await fastReceivedAll;
        await fast.ExpectOpenAsync();
        await bystander.ExpectOpenAsync();

        // Now drain the stalled subscriber: what it gets is a clean prefix of its stream, then the close.
        var received = await slow.ReadUntilClosedAsync(FloodBound);
        var frame = $"MSG flood 1 {PayloadSize}\r\n{payload}\r\n";
        Assert.True(received.Length < MessageCount * frame.Length,
            $"the stalled subscriber received all {received.Length} bytes: it was never cut off");
        AssertPrefixOfFrames(received, frame);
    }

    /// <summary>
    /// Checks that <paramref name="stream"/> is whole copies of <paramref name="frame"/> (and the
    /// server's own PINGs between them) followed by at most a partial frame: no -ERR, no garbage.
    /// </summary>
    private static void AssertPrefixOfFrames(string stream, string frame)
    {
        var position = 0;
        while (position < stream.Length)
        {
            var rest = stream.AsSpan(position);
            if (rest.StartsWith("PING\r\n"))
            {
                position += "PING\r\n".Length;
                continue;
            }
            if ("PING\r\n".AsSpan().StartsWith(rest)) return; // cut inside a PING
            var length = Math.Min(frame.Length, rest.Length);
            if (!rest[..length].SequenceEqual(frame.AsSpan(0, length)))
                Assert.Fail($"unexpected bytes at offset {position} of the slow consumer's stream: " +
                    $"'{RawClient.Escape(rest[..Math.Min(80, rest.Length)].ToString())}'");
            position += length;
        }
    }
}

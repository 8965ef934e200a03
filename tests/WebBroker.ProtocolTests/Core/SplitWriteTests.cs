namespace WebBroker.ProtocolTests;

/// <summary>
/// An operation split across TCP writes at any byte must parse exactly as if it came whole.
/// Nagle is off, so each part leaves as a segment of its own; a PING/PONG barrier closes every round.
/// TCP cannot promise that the server reads them apart: the in-process tests (InProcessProtocolTests)
/// hand WebBroker's parser each part as a read of its own.
/// </summary>
public sealed class SplitWriteTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_PUB_cut_at_every_byte_offset_is_delivered_exactly_once_and_intact(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        await client.SendAsync("SUB cut.here 1\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
        var pub = RawClient.Latin1.GetBytes("PUB cut.here _INBOX.reply 12\r\nhello\r\nworld\r\n");

        for (var k = 1; k < pub.Length; k++)
        {
            await client.SendAsync(pub.AsMemory(0, k));
            await client.SendAsync(pub.AsMemory(k));
            await client.SendAsync("PING\r\n");

            var msg = await client.ReadMsgAsync();
            Assert.True(msg == new Msg("cut.here", "1", "_INBOX.reply", null, "hello\r\nworld"), $"cut at {k}: {msg}");
            await client.ExpectLineAsync("PONG");
        }
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_HPUB_cut_at_every_byte_offset_is_delivered_exactly_once_and_intact(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"headers":true}""");
        await client.SendAsync("SUB cut 1\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
        const string headers = "NATS/1.0\r\nA: b\r\n\r\n";
        var hpub = RawClient.Latin1.GetBytes($"HPUB cut r {headers.Length} {headers.Length + 2}\r\n{headers}hi\r\n");

        for (var k = 1; k < hpub.Length; k++)
        {
            await client.SendAsync(hpub.AsMemory(0, k));
            await client.SendAsync(hpub.AsMemory(k));
            await client.SendAsync("PING\r\n");

            var msg = await client.ReadMsgAsync();
            Assert.True(msg == new Msg("cut", "1", "r", headers, "hi"), $"cut at {k}: {msg}");
            await client.ExpectLineAsync("PONG");
        }
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_conversation_sent_one_byte_per_write_is_understood(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();
        var bytes = RawClient.Latin1.GetBytes(
            $"CONNECT {RawClient.QuietConnect}\r\nSUB one.byte 1\r\nPUB one.byte 3\r\nabc\r\nUNSUB 1\r\nPING\r\n");

        foreach (var b in bytes) await client.SendAsync(new[] { b });

        await client.ExpectMsgAsync("one.byte", "1", "abc");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_payload_larger_than_a_read_buffer_arriving_in_pieces_is_delivered_intact(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        var payload = string.Concat(Enumerable.Range(0, 20_000).Select(i => (char)('a' + i % 26)));
        var pub = RawClient.Latin1.GetBytes($"SUB large 1\r\nPUB large {payload.Length}\r\n{payload}\r\nPING\r\n");

        for (var offset = 0; offset < pub.Length; offset += 4093)
        {
            await client.SendAsync(pub.AsMemory(offset, Math.Min(4093, pub.Length - offset)));
        }

        await client.ExpectMsgAsync("large", "1", payload);
        await client.ExpectLineAsync("PONG");
    }
}

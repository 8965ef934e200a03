namespace WebBroker.ProtocolTests;

/// <summary>Many operations in one write: all processed, replies in the order of the requests.</summary>
public sealed class PipeliningTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Many_operations_in_one_write_are_answered_in_order(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();
        var batch = new System.Text.StringBuilder($"CONNECT {RawClient.QuietConnect}\r\nSUB pipe 1\r\n");
        for (var i = 0; i < 300; i++)
        {
            batch.Append($"PUB pipe {i.ToString().Length}\r\n{i}\r\n");
            if (i % 10 == 9) batch.Append("PING\r\n");
        }

        await client.SendAsync(batch.ToString());

        for (var i = 0; i < 300; i++)
        {
            await client.ExpectMsgAsync("pipe", "1", i.ToString());
            if (i % 10 == 9) await client.ExpectLineAsync("PONG");
        }
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Verbose_acknowledgements_interleave_with_messages_in_request_order(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(
            "CONNECT {\"verbose\":true,\"pedantic\":false}\r\nPING\r\nSUB a 1\r\nPUB a 1\r\nx\r\nUNSUB 1\r\nPUB b 0\r\n\r\nPING\r\n");

        foreach (var expected in new[] { "+OK", "PONG", "+OK", "+OK", "MSG a 1 1", "x", "+OK", "+OK", "PONG" })
            await client.ExpectLineAsync(expected);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_large_pipelined_batch_of_messages_all_arrive(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        var payload = new string('p', 1000);
        const int count = 2000; // about 2 MB in one write

        // Read while still sending, as a real client does.
        var sending = client.SendAsync(
            "SUB big 1\r\n" + string.Concat(Enumerable.Repeat($"PUB big 1000\r\n{payload}\r\n", count)) + "PING\r\n",
            TimeSpan.FromSeconds(20));

        for (var i = 0; i < count; i++) await client.ExpectMsgAsync("big", "1", payload);
        await client.ExpectLineAsync("PONG");
        await sending;
    }
}

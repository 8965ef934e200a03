namespace WebBroker.ProtocolTests;

/// <summary>PUB, SUB and MSG: who gets a message, and that it arrives byte for byte.</summary>
public sealed class PubSubTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_message_published_on_one_connection_reaches_a_subscriber_on_another(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var subscriber = await server.ConnectReadyAsync();
        await using var publisher = await server.ConnectReadyAsync();

        await subscriber.SendAsync("SUB greet 7\r\nPING\r\n");
        await subscriber.ExpectLineAsync("PONG");
        await publisher.SendAsync("PUB greet 5\r\nhello\r\n");

        await subscriber.ExpectMsgAsync("greet", "7", "hello");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_reply_subject_is_passed_to_the_subscriber(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB req 1\r\nPUB req _INBOX.abc 4\r\nping\r\n");

        await client.ExpectMsgAsync("req", "1", "ping", reply: "_INBOX.abc");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_empty_payload_is_delivered_as_an_empty_message(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB e 1\r\nPUB e 0\r\n\r\n");

        await client.ExpectMsgAsync("e", "1", "");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Every_byte_value_including_CR_and_LF_survives_in_a_payload(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        var payload = RawClient.Latin1.GetString(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()) + "\r\n\r\nPING\r\n";

        await client.SendAsync($"SUB bin 1\r\nPUB bin {payload.Length}\r\n{payload}\r\n");

        await client.ExpectMsgAsync("bin", "1", payload);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Wildcard_subscriptions_match_one_token_with_star_and_the_rest_with_greater_than(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(
            "SUB w.* 1\r\nSUB w.> 2\r\nSUB w.a 3\r\nSUB w.*.c 4\r\n" +
            "PUB w 1\r\n0\r\nPUB w.a 1\r\n1\r\nPUB w.b 1\r\n2\r\nPUB w.a.c 1\r\n3\r\nPUB w.a.b 1\r\n4\r\nPING\r\n");

        var received = new HashSet<(string Subject, string Sid)>();
        for (var line = await client.ReadLineAsync(); line != "PONG"; line = await client.ReadLineAsync())
        {
            var parts = line.Split(' ');
            Assert.Equal("MSG", parts[0]);
            await client.ReadBytesAsync(int.Parse(parts[^1]) + 2);
            Assert.True(received.Add((parts[1], parts[2])), $"delivered twice: {line}");
        }
        // Deliveries to different subscriptions may come in any order.
        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("w.a", "1"), ("w.a", "2"), ("w.a", "3"),
                ("w.b", "1"), ("w.b", "2"),
                ("w.a.c", "2"), ("w.a.c", "4"),
                ("w.a.b", "2"),
            },
            received);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Star_and_greater_than_inside_a_longer_token_are_ordinary_characters(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB lit.*x 1\r\nSUB lit.y> 2\r\nPUB lit.ax 1\r\na\r\nPUB lit.*x 1\r\nb\r\nPUB lit.y> 1\r\nc\r\nPUB lit.y.z 1\r\nd\r\nPING\r\n");

        await client.ExpectMsgAsync("lit.*x", "1", "b");
        await client.ExpectMsgAsync("lit.y>", "2", "c");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Two_subscriptions_of_one_connection_each_get_a_copy(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB twice 1\r\nSUB twice 2\r\nPUB twice 1\r\nx\r\nPING\r\n");

        var sids = new[] { (await client.ReadMsgAsync()).Sid, (await client.ReadMsgAsync()).Sid };
        Assert.Equal(["1", "2"], sids.Order());
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_second_SUB_with_a_sid_already_in_use_adds_nothing(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB dup 1\r\nSUB dup 1\r\nPUB dup 1\r\nx\r\nPING\r\n");

        await client.ExpectMsgAsync("dup", "1", "x");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Messages_from_one_publisher_arrive_in_the_order_published(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var subscriber = await server.ConnectReadyAsync();
        await using var publisher = await server.ConnectReadyAsync();
        await subscriber.SendAsync("SUB order 1\r\nPING\r\n");
        await subscriber.ExpectLineAsync("PONG");

        const int count = 500;
        await publisher.SendAsync(string.Concat(Enumerable.Range(0, count).Select(i => $"PUB order {i.ToString().Length}\r\n{i}\r\n")));

        for (var i = 0; i < count; i++) await subscriber.ExpectMsgAsync("order", "1", i.ToString());
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>UNSUB, with and without a maximum number of messages.</summary>
public sealed class UnsubscribeTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task After_UNSUB_the_subscription_gets_no_more_messages(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB u 1\r\nPUB u 1\r\na\r\nUNSUB 1\r\nPUB u 1\r\nb\r\nPING\r\n");

        await client.ExpectMsgAsync("u", "1", "a");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task UNSUB_with_a_max_delivers_exactly_that_many_and_then_removes_the_subscription(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        await using var publisher = await server.ConnectReadyAsync();

        await client.SendAsync("SUB m 1\r\nUNSUB 1 3\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
        await publisher.SendAsync(string.Concat(Enumerable.Range(1, 5).Select(i => $"PUB m 1\r\n{i}\r\n")) + "PING\r\n");
        await publisher.ExpectLineAsync("PONG");

        await client.ExpectMsgAsync("m", "1", "1");
        await client.ExpectMsgAsync("m", "1", "2");
        await client.ExpectMsgAsync("m", "1", "3");
        await client.ExpectOpenAsync(); // nothing more queued before the PONG

        await publisher.SendAsync("PUB m 1\r\n6\r\nPING\r\n");
        await publisher.ExpectLineAsync("PONG");
        await client.ExpectOpenAsync(); // the subscription is gone
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task UNSUB_with_a_max_already_reached_removes_the_subscription_at_once(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB r 1\r\nPUB r 1\r\na\r\nPUB r 1\r\nb\r\nPUB r 1\r\nc\r\nUNSUB 1 2\r\nPUB r 1\r\nd\r\nPING\r\n");

        await client.ExpectMsgAsync("r", "1", "a");
        await client.ExpectMsgAsync("r", "1", "b");
        await client.ExpectMsgAsync("r", "1", "c");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task UNSUB_of_an_unknown_sid_is_ignored(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("UNSUB 99\r\nUNSUB 98 5\r\nPING\r\n");

        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task UNSUB_removes_only_the_named_sid(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB k 1\r\nSUB k 2\r\nUNSUB 1\r\nPUB k 1\r\nx\r\nPING\r\n");

        await client.ExpectMsgAsync("k", "2", "x");
        await client.ExpectLineAsync("PONG");
    }
}

namespace WebBroker.ProtocolTests;

/// <summary><c>"echo":false</c>: a connection does not receive the messages it publishes itself.</summary>
public sealed class EchoTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task With_echo_false_own_messages_are_not_delivered_but_others_are(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var quiet = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"echo":false}""");
        await using var other = await server.ConnectReadyAsync();

        // Had "mine" been echoed it would be queued before the PONG.
        await quiet.SendAsync("SUB e 1\r\nPUB e 4\r\nmine\r\nPING\r\n");
        await quiet.ExpectLineAsync("PONG");

        await other.SendAsync("PUB e 6\r\ntheirs\r\n");
        await quiet.ExpectMsgAsync("e", "1", "theirs");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Echo_is_on_by_default(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB e 1\r\nPUB e 4\r\nmine\r\nPING\r\n");

        await client.ExpectMsgAsync("e", "1", "mine");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task With_echo_false_other_connections_still_get_the_message(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var quiet = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"echo":false}""");
        await using var listener = await server.ConnectReadyAsync();
        await listener.SendAsync("SUB e2 1\r\nPING\r\n");
        await listener.ExpectLineAsync("PONG");

        await quiet.SendAsync("SUB e2 1\r\nPUB e2 4\r\nmine\r\n");

        await listener.ExpectMsgAsync("e2", "1", "mine");
    }
}

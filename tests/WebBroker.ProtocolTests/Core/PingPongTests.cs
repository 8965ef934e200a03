namespace WebBroker.ProtocolTests;

/// <summary>PING from a client, and the server's own PINGs with the default interval.</summary>
public sealed class PingPongTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task PING_is_answered_with_PONG(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("PING\r\n");

        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Every_PING_of_a_burst_gets_its_own_PONG(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(string.Concat(Enumerable.Repeat("PING\r\n", 100)));

        for (var i = 0; i < 100; i++) await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task PING_works_before_CONNECT(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("PING\r\n");

        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_server_pings_a_new_client_within_a_few_seconds_even_with_the_default_interval(ServerKind kind)
    {
        // nats-server sends its first PING about 2 s (plus up to 20 %) after connecting, to measure the round trip.
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        client.AnswerServerPings = false;

        await client.ExpectLineAsync("PING", TimeSpan.FromSeconds(10));
        await client.SendAsync("PONG\r\n");
        await client.ExpectOpenAsync();
    }
}

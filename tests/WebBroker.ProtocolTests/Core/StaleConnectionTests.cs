namespace WebBroker.ProtocolTests;

/// <summary>
/// Server PINGs and stale connections, with <c>ping_interval: "1s"</c> and <c>ping_max: 1</c>: the
/// server sends one PING, and if it is still unanswered at the next tick it sends
/// <c>-ERR 'Stale Connection'</c> and closes (about 2 s after connecting on nats-server).
/// </summary>
public sealed class StaleConnectionTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        ping_interval: "1s"
        ping_max: 1
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_never_answers_PING_gets_Stale_Connection_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();
        client.AnswerServerPings = false;

        await client.ExpectLineAsync("PING", Bound);
        await client.ExpectErrorAndCloseAsync("Stale Connection", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_connects_and_sends_nothing_at_all_is_pinged_and_then_closed_as_stale(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectAsync(); // reads INFO, sends nothing, not even CONNECT
        client.AnswerServerPings = false;

        await client.ExpectLineAsync("PING", Bound);
        await client.ExpectErrorAndCloseAsync("Stale Connection", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_answers_every_PING_stays_connected(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();
        client.AnswerServerPings = false;

        // With ping_max 1 an ignored PING would be followed by 'Stale Connection', not by another PING.
        for (var i = 0; i < 2; i++)
        {
            await client.ExpectLineAsync("PING", Bound);
            await client.SendAsync("PONG\r\n");
        }
        await client.ExpectOpenAsync();
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>max_connections</c> (2 here). The connection over the limit still gets INFO, then
/// <c>-ERR 'maximum connections exceeded'</c>, then the close. Each test starts its own server so
/// that no connection of another test counts against the limit.
/// </summary>
public sealed class MaxConnectionsTests
{
    private const string Config = "max_connections: 2";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_connection_over_the_limit_gets_INFO_then_maximum_connections_exceeded_and_is_closed(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config);
        await using var first = await server.ConnectReadyAsync();
        await using var second = await server.ConnectReadyAsync();

        await using var third = await server.ConnectAsync(); // reads and checks the INFO line

        await third.ExpectErrorAndCloseAsync("maximum connections exceeded");
        await first.ExpectOpenAsync();
        await second.ExpectOpenAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_slot_freed_by_a_closing_client_can_be_taken_again(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config);
        await using var stays = await server.ConnectReadyAsync();
        var leaves = await server.ConnectReadyAsync();

        await leaves.DisposeAsync();

        // The server notices the close asynchronously: retry (each attempt gets a definite answer)
        // until a new connection is accepted, within a bound.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await using var next = await server.ConnectAsync();
            await next.TrySendAsync(RawClient.Latin1.GetBytes($"CONNECT {RawClient.QuietConnect}\r\nPING\r\n"));
            string reply;
            try
            {
                reply = await next.ReadLineAsync();
            }
            catch (ConnectionClosedException)
            {
                reply = "(closed by a reset before the -ERR could be read)";
            }
            if (reply == "PONG") break;
            Assert.Contains(reply, new[] { "-ERR 'maximum connections exceeded'", "(closed by a reset before the -ERR could be read)" });
            Assert.True(DateTime.UtcNow < deadline, "the closed connection's slot was never released");
            await Task.Delay(20);
        }
        await stays.ExpectOpenAsync();
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>
/// Lame duck mode (<c>--signal ldm=PIDFILE</c>, i.e. SIGUSR2): clients are told with an INFO
/// carrying <c>"ldm":true</c>, closed after the grace period, and then the server exits.
/// </summary>
public sealed class LameDuckTests
{
    private const string Config = """
        lame_duck_grace_period: "1s"
        lame_duck_duration: "30s"
        pid_file: "server.pid"
        """;

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Clients_get_an_ldm_INFO_then_are_closed_and_the_server_exits(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config);
        // Only clients that speak protocol 1 get asynchronous INFO, as from nats-server.
        await using var client = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"protocol":1}""");

        Assert.Equal(0, await ReloadTests.RunAsync(kind, $"ldm={Path.Combine(server.WorkDirectory, "server.pid")}"));

        var info = await client.ReadLineAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("INFO ", info);
        Assert.Contains("\"ldm\":true", info);
        await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }
}

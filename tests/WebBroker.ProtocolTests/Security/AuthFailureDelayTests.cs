namespace WebBroker.ProtocolTests;

/// <summary>
/// WebBroker's optional <c>auth_failure_delay</c> (nats-server has none): repeated failures from one address
/// wait longer and longer for their -ERR, while every other connection carries on.
/// </summary>
public sealed class AuthFailureDelayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private const string Wrong = """{"verbose":false,"pedantic":false,"user":"u","pass":"wrong"}""";

    [Fact]
    public async Task A_waiting_refusal_holds_up_no_other_client()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, """
            authorization { user: u, password: p }
            auth_failure_delay { initial: "1h", max: "1h" }
            """);
        // The first failure is answered at once.
        await using (var first = await server.ConnectAsync())
        {
            await first.SendAsync($"CONNECT {Wrong}\r\n");
            await first.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
        }
        // The second waits (an hour here): its refusal is logged, its -ERR not sent.
        var mark = server.OutputMark;
        await using var second = await server.ConnectAsync();
        await second.SendAsync($"CONNECT {Wrong}\r\nPING\r\n");
        await server.WaitForOutputAsync("(answered after 3600000 ms)", mark, Bound);
        // Meanwhile others connect, and even a third failure is counted while the second still waits.
        await using var good = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"user":"u","pass":"p"}""");
        await good.SendAsync("SUB x 1\r\nPUB x 2\r\nhi\r\nPING\r\n");
        await good.ExpectMsgAsync("x", "1", "hi");
        await good.ExpectLineAsync("PONG");
        var beforeThird = server.OutputMark;
        await using var third = await server.ConnectAsync();
        await third.SendAsync($"CONNECT {Wrong}\r\n");
        await server.WaitForOutputAsync("(answered after 3600000 ms)", beforeThird, Bound);
        // The second is still waiting, still open: nothing came back to it, not even the PONG it asked for.
        await Assert.ThrowsAsync<TimeoutException>(() => second.ReadLineAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Each_further_failure_waits_twice_as_long_then_gets_its_ERR()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, """
            authorization { user: u, password: p }
            auth_failure_delay { initial: "100ms", max: "300ms", window: "1m" }
            """);
        var mark = server.OutputMark;
        for (var i = 0; i < 4; i++)
        {
            await using var guess = await server.ConnectAsync();
            await guess.SendAsync($"CONNECT {Wrong}\r\n");
            await guess.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
        }
        var delays = server.OutputSince(mark).Where(l => l.Contains("authentication error", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"answered after (\d+) ms") is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0)
            .ToArray();
        Assert.Equal([0, 100, 200, 300], delays);
    }

    [Fact]
    public async Task Without_the_setting_no_refusal_waits()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, "authorization { user: u, password: p }\n");
        var mark = server.OutputMark;
        for (var i = 0; i < 3; i++)
        {
            await using var guess = await server.ConnectAsync();
            await guess.SendAsync($"CONNECT {Wrong}\r\n");
            await guess.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
        }
        Assert.DoesNotContain(server.OutputSince(mark), l => l.Contains("answered after", StringComparison.Ordinal));
    }
}

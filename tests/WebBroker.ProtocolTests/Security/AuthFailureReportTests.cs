using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// WebBroker's report of authentication failures (nats-server logs each one, without a limit): a burst is
/// summed up a few seconds later, on a timer, with counts per user and per address, in the log and as a
/// $SYS event a system-account client receives.
/// </summary>
public sealed class AuthFailureReportTests
{
    private const string Config = """
        accounts {
          SYS { users: [ { user: sys, password: sys } ] }
          APP { users: [ { user: app, password: app } ] }
        }
        system_account: SYS
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_burst_of_failures_is_summed_up_per_user_and_address_without_a_further_failure()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, Config);
        await using var sys = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"user":"sys","pass":"sys"}""");
        await sys.SendAsync("SUB $SYS.SERVER.*.CLIENT.AUTH.SUMMARY 1\r\nPING\r\n");
        await sys.ExpectLineAsync("PONG");
        var mark = server.OutputMark;

        // More failures than are logged one by one in a second, however the seconds fall.
        const int failures = 40;
        for (var i = 0; i < failures; i++)
        {
            await using var guess = await server.ConnectAsync();
            var user = i % 4 == 0 ? "bob" : "mallory";
            await guess.SendAsync($"CONNECT {{\"verbose\":false,\"pedantic\":false,\"user\":\"{user}\",\"pass\":\"guess{i}\"}}\r\n");
            await guess.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
        }

        // Nothing more happens: the timer, not a next failure, brings the summary.
        await server.WaitForOutputAsync("authentication errors in the last", mark, Bound);
        var line = server.OutputSince(mark).Last(l => l.Contains("authentication errors in the last", StringComparison.Ordinal));
        Assert.Contains($"{failures} authentication errors", line);
        Assert.Contains("by user: \"mallory\" 30, \"bob\" 10", line);
        Assert.Contains($"by address: 127.0.0.1 {failures}", line);
        foreach (var i in Enumerable.Range(0, failures)) Assert.DoesNotContain($"guess{i}\"", line);

        var msg = await sys.ReadMsgAsync(Bound);
        Assert.Matches(@"^\$SYS\.SERVER\.N[A-Z0-9]+\.CLIENT\.AUTH\.SUMMARY$", msg.Subject);
        var json = JsonDocument.Parse(msg.Payload).RootElement;
        Assert.Equal("io.webbroker.advisory.v1.auth_failure_summary", json.GetProperty("type").GetString());
        Assert.Equal(failures, json.GetProperty("failures").GetInt32());
        Assert.True(json.GetProperty("not_logged").GetInt32() > 0);
        var users = json.GetProperty("users").EnumerateArray().Select(u => (u.GetProperty("name").GetString(), u.GetProperty("count").GetInt32())).ToArray();
        Assert.Equal([("mallory", 30), ("bob", 10)], users);
        var addresses = json.GetProperty("addresses").EnumerateArray().Select(u => (u.GetProperty("name").GetString(), u.GetProperty("count").GetInt32())).ToArray();
        Assert.Equal([("127.0.0.1", failures)], addresses);
    }

    [Fact]
    public async Task A_few_failures_are_each_logged_and_not_summed_up()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, Config);
        var mark = server.OutputMark;
        await using (var guess = await server.ConnectAsync())
        {
            await guess.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"bob\\n[INF] forged\",\"pass\":\"x\"}\r\n");
            await guess.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
        }
        await server.WaitForOutputAsync("authentication error for user", mark, Bound);
        // The user name comes from the client: it cannot start a log line of its own.
        Assert.Contains(server.OutputSince(mark), l => l.Contains("for user \"bob\\u000a[INF] forged\"", StringComparison.Ordinal));
        Assert.DoesNotContain(server.OutputSince(mark), l => l.StartsWith("[INF] forged", StringComparison.Ordinal));
    }
}

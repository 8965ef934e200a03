using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// A config reload that removes one import and changes another: the removed stream stops reaching a client that
/// was already subscribed (its shadow leaves the exporter's sublist), and the service answers under its new local
/// subject only.
/// </summary>
public sealed class ImportReloadTests
{
    private const int SigHup = 1;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static string Config(string imports) => $$"""
        pid_file: "server.pid"
        accounts {
          EXP { users: [ { user: e, password: e } ], exports: [ { stream: "ev.>" }, { service: "svc.>" } ] }
          IMP { users: [ { user: i, password: i } ], imports: [ {{imports}} ] }
        }
        """;

    private static string Login(string user) =>
        $$"""{"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"user":"{{user}}","pass":"{{user}}"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_reload_removes_and_changes_imports_with_their_subscriptions(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config("""
            { stream: { account: EXP, subject: "ev.>" }, prefix: "x" }, { service: { account: EXP, subject: "svc.>" } }
            """), monitor: true);
        await using var importer = await server.ConnectReadyAsync(Login("i"));
        await importer.SendAsync("SUB x.ev.> 1\r\nSUB inbox 2\r\nPING\r\n");
        await importer.ExpectLineAsync("PONG");
        await using var exporter = await server.ConnectReadyAsync(Login("e"));
        await exporter.SendAsync("SUB svc.> 1\r\nPUB ev.before 1\r\n1\r\nPING\r\n");
        await exporter.ExpectLineAsync("PONG");
        await importer.ExpectMsgAsync("x.ev.before", "1", "1");
        Assert.Equal(["ev.>", "svc.>"], await ExporterSubjectsAsync(server));

        await File.WriteAllTextAsync(Path.Combine(server.WorkDirectory, "server.conf"),
            Config("""{ service: { account: EXP, subject: "svc.>" }, to: "ask.>" }"""));
        var mark = server.OutputMark;
        server.Signal(SigHup);
        await server.WaitForOutputAsync("Reloaded server configuration", mark, Bound);

        // The stream is gone: nothing more reaches x.ev.>, and its shadow left the exporter.
        await exporter.SendAsync("PUB ev.after 1\r\n2\r\nPING\r\n");
        await exporter.ExpectLineAsync("PONG");
        Assert.Equal(["svc.>"], await ExporterSubjectsAsync(server));
        // The service answers under its new local subject; the old one has nobody now (503).
        await importer.SendAsync("PUB ask.time inbox 1\r\n?\r\n");
        var request = await exporter.ReadMsgAsync();
        Assert.Equal("svc.time", request.Subject);
        await exporter.SendAsync($"PUB {request.Reply} 3\r\nnow\r\n");
        await importer.ExpectMsgAsync("inbox", "2", "now");
        await importer.SendAsync("PUB svc.time inbox 1\r\n?\r\n");
        var status = await importer.ReadMsgAsync();
        Assert.Equal("inbox", status.Subject);
        Assert.StartsWith("NATS/1.0 503", status.Headers);
    }

    /// <summary>The subjects subscribed in the exporting account (its own and importers' shadows), without the
    /// server's own $SYS imports and reply wildcards.</summary>
    private static async Task<string[]> ExporterSubjectsAsync(ServerProcess server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var subsz = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{await server.HttpPortAsync()}/subsz?subs=1&acc=EXP")).RootElement;
        return subsz.TryGetProperty("subscriptions_list", out var list)
            ? [.. list.EnumerateArray().Select(s => s.GetProperty("subject").GetString()!)
                .Where(s => !s.StartsWith("$SYS.", StringComparison.Ordinal) && !s.StartsWith("_R_.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];
    }
}

using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// An exporting and an importing account (a service and a stream import) on WebBroker and on nats-server,
/// through the same traffic: /subsz lists the same import subscriptions in each account (the service import
/// in the importer, the reply wildcard in the exporter once a request crossed, a shadow in the exporter for
/// each importer subscription the stream can reach), and /subsz and /accountz counts move alike. nats-server
/// also imports its own $SYS requests into every account, which WebBroker answers without imports: those
/// subjects are left out, and the counts are compared as changes from start.
/// </summary>
public sealed class ImportSubszComparisonTests : IAsyncLifetime
{
    private const string Config = """
        accounts {
          EXP { users: [ { user: e, password: e } ], exports: [ { stream: "ev.>" }, { service: "svc.>" } ] }
          IMP {
            users: [ { user: i, password: i } ]
            imports: [ { stream: { account: EXP, subject: "ev.>" }, prefix: "x" }, { service: { account: EXP, subject: "svc.>" } } ]
          }
        }
        """;

    private ServerProcess _nats = null!;
    private ServerProcess _ours = null!;
    private readonly List<RawClient> _clients = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        _nats = await ServerProcess.StartAsync(ServerKind.NatsServer, Config, monitor: true);
        _ours = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
    }

    private static string Login(string user) => $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"{{user}}"}""";

    private async Task<JsonElement> GetAsync(ServerProcess server, string path) =>
        JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{await server.HttpPortAsync()}{path}")).RootElement.Clone();

    /// <summary>What each server shows now: per account, the subscriptions (account, subject, queue) and the counts.</summary>
    private async Task<Dictionary<string, (string[] Subs, int Subsz, int Accountz)>> SnapshotAsync(ServerProcess server)
    {
        var result = new Dictionary<string, (string[], int, int)>();
        foreach (var account in new[] { "EXP", "IMP" })
        {
            var subsz = await GetAsync(server, $"/subsz?subs=1&limit=1000&acc={account}");
            var accountz = await GetAsync(server, $"/accountz?acc={account}");
            string[] subs = subsz.TryGetProperty("subscriptions_list", out var list)
                ? [.. list.EnumerateArray()
                    .Select(s => (Account: s.GetProperty("account").GetString()!, Subject: s.GetProperty("subject").GetString()!,
                        Queue: s.TryGetProperty("qgroup", out var q) ? q.GetString() : null))
                    .Where(s => !s.Subject.StartsWith("$SYS.", StringComparison.Ordinal))
                    // The reply wildcard's middle token is random on both.
                    .Select(s => $"{s.Account} {(s.Subject.StartsWith("_R_.", StringComparison.Ordinal) ? "_R_.?.>" : s.Subject)} {s.Queue}")
                    .Order(StringComparer.Ordinal)]
                : [];
            result[account] = (subs, subsz.GetProperty("num_subscriptions").GetInt32(),
                accountz.GetProperty("account_detail").GetProperty("subscriptions").GetInt32());
        }
        return result;
    }

    private async Task AssertSameAsync(Dictionary<string, (string[] Subs, int Subsz, int Accountz)> natsStart,
        Dictionary<string, (string[] Subs, int Subsz, int Accountz)> oursStart, string when)
    {
        var nats = await SnapshotAsync(_nats);
        var ours = await SnapshotAsync(_ours);
        foreach (var account in nats.Keys)
        {
            Assert.True(nats[account].Subs.SequenceEqual(ours[account].Subs),
                $"{when}, {account}: nats-server lists [{string.Join(", ", nats[account].Subs)}], WebBroker [{string.Join(", ", ours[account].Subs)}]");
            Assert.True(nats[account].Subsz - natsStart[account].Subsz == ours[account].Subsz - oursStart[account].Subsz,
                $"{when}, {account}: /subsz num_subscriptions moved by {nats[account].Subsz - natsStart[account].Subsz} on nats-server, {ours[account].Subsz - oursStart[account].Subsz} on WebBroker");
            Assert.True(nats[account].Accountz - natsStart[account].Accountz == ours[account].Accountz - oursStart[account].Accountz,
                $"{when}, {account}: /accountz subscriptions moved by {nats[account].Accountz - natsStart[account].Accountz} on nats-server, {ours[account].Accountz - oursStart[account].Accountz} on WebBroker");
        }
    }

    [Fact]
    public async Task Import_subscriptions_are_listed_and_counted_as_nats_server_does()
    {
        // At start both hold the service import in IMP (nats-server: with its $SYS imports beside it).
        var natsStart = await SnapshotAsync(_nats);
        var oursStart = await SnapshotAsync(_ours);
        Assert.Equal(["IMP svc.> "], natsStart["IMP"].Subs);
        Assert.Equal(natsStart["IMP"].Subs, oursStart["IMP"].Subs);
        Assert.Equal(natsStart["EXP"].Subs, oursStart["EXP"].Subs);

        var importers = new Dictionary<ServerProcess, RawClient>();
        foreach (var server in new[] { _nats, _ours })
        {
            var importer = await server.ConnectReadyAsync(Login("i"));
            var exporter = await server.ConnectReadyAsync(Login("e"));
            _clients.AddRange([importer, exporter]);
            importers[server] = importer;
            await importer.SendAsync("SUB x.ev.> 1\r\nSUB x.> q 2\r\nSUB x.ev.a.b 3\r\nSUB x.*.a 4\r\nSUB other 5\r\nSUB inbox 9\r\nPING\r\n");
            await importer.ExpectLineAsync("PONG");
            await exporter.SendAsync("SUB svc.> 1\r\nPING\r\n");
            await exporter.ExpectLineAsync("PONG");
            await importer.SendAsync("PUB svc.time inbox 1\r\n?\r\n");
            var request = await exporter.ReadMsgAsync();
            await exporter.SendAsync($"PUB {request.Reply} 3\r\nnow\r\nPUB ev.a 1\r\n!\r\nPING\r\n");
            await exporter.ExpectLineAsync("PONG");
            await importer.ExpectMsgAsync("inbox", "9", "now");
            var streamed = new List<string>();
            for (var i = 0; i < 3; i++) streamed.Add((await importer.ReadMsgAsync()).Sid);
            Assert.Equal(["1", "2", "4"], streamed.Order());
        }
        await AssertSameAsync(natsStart, oursStart, "after the subscriptions and a request");

        foreach (var importer in importers.Values)
        {
            await importer.SendAsync("UNSUB 1\r\nUNSUB 4\r\nPING\r\n");
            await importer.ExpectLineAsync("PONG");
        }
        await AssertSameAsync(natsStart, oursStart, "after two UNSUBs");

        foreach (var importer in importers.Values)
        {
            await importer.SendAsync("PING\r\n");
            await importer.ExpectLineAsync("PONG");
            await importer.DisposeAsync();
            _clients.Remove(importer);
        }
        // The importer's shadows leave with it; wait until both servers have seen it go.
        foreach (var server in new[] { _nats, _ours })
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await GetAsync(server, "/connz")).GetProperty("num_connections").GetInt32() != 1 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
        }
        await AssertSameAsync(natsStart, oursStart, "after the importer left");
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) await c.DisposeAsync();
        _http.Dispose();
        if (_nats is not null) await _nats.DisposeAsync();
        if (_ours is not null) await _ours.DisposeAsync();
    }
}

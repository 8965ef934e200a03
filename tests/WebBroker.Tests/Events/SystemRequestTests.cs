using System.Text.Json;
using WebBroker.Client;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Events;

/// <summary>$SYS requests that act on the server (kick, reload) and the per-account requests, asked
/// by a system-account user of a running broker.</summary>
public class SystemRequestTests
{
    private const string Config = """
        accounts {
          SYS { users: [ { user: sys, password: syspass } ] }
          APP { users: [ { user: app, password: apppass } ] }
        }
        system_account: SYS
        max_payload: 2048
        """;

    private static async Task<(NatsConnection Sys, string ServerId)> SystemUser(ServerProcess broker)
    {
        var sys = await NatsConnection.ConnectAsync("127.0.0.1", broker.Port, new NatsClientOptions { User = "sys", Password = "syspass" });
        var idz = JsonDocument.Parse((await sys.RequestAsync("$SYS.REQ.SERVER.PING.IDZ", "")).Data.ToArray()).RootElement;
        return (sys, idz.GetProperty("data").GetProperty("id").GetString()!);
    }

    private static Task<NatsConnection> AppUser(ServerProcess broker, string name) =>
        NatsConnection.ConnectAsync("127.0.0.1", broker.Port, new NatsClientOptions { User = "app", Password = "apppass", Name = name });

    [Fact]
    public async Task Kick_closes_the_named_connection()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        var (sys, id) = await SystemUser(broker);
        await using var sysConnection = sys;
        await using var victim = await AppUser(broker, "victim");

        var connz = JsonDocument.Parse((await sys.RequestAsync("$SYS.REQ.ACCOUNT.APP.CONNZ", "")).Data.ToArray()).RootElement;
        var cid = connz.GetProperty("data").GetProperty("connections").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "victim").GetProperty("cid").GetUInt64();
        var reply = JsonDocument.Parse((await sys.RequestAsync($"$SYS.REQ.SERVER.{id}.KICK", $"{{\"cid\":{cid}}}")).Data.ToArray()).RootElement;
        Assert.False(reply.TryGetProperty("error", out _), reply.ToString());

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!victim.IsClosed && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(victim.IsClosed, "the kicked connection is still open");
    }

    [Fact]
    public async Task Reload_by_request_applies_a_changed_max_payload_to_new_connections()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        var (sys, id) = await SystemUser(broker);
        await using var sysConnection = sys;
        var file = Path.Combine(broker.WorkDirectory, "server.conf");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("max_payload: 2048", "max_payload: 4096"));

        var reply = JsonDocument.Parse((await sys.RequestAsync($"$SYS.REQ.SERVER.{id}.RELOAD", "")).Data.ToArray()).RootElement;
        Assert.False(reply.TryGetProperty("error", out _), reply.ToString());
        await using var later = await AppUser(broker, "later");
        Assert.Equal(4096, JsonDocument.Parse(later.ServerInfo).RootElement.GetProperty("max_payload").GetInt32());
    }

    [Fact]
    public async Task Lame_duck_by_request_closes_clients_and_ends_the_process()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config + "\nlame_duck_grace_period: \"1s\"\nlame_duck_duration: \"30s\"\n", monitor: true);
        var (sys, id) = await SystemUser(broker);
        await using var sysConnection = sys;
        await using var client = await AppUser(broker, "client");
        var reply = JsonDocument.Parse((await sys.RequestAsync($"$SYS.REQ.SERVER.{id}.LDM", "")).Data.ToArray()).RootElement;
        Assert.False(reply.TryGetProperty("error", out _), reply.ToString());
        await broker.WaitForExitAsync(TimeSpan.FromSeconds(30)); // throws, with the log, if it does not
        Assert.True(client.IsClosed);
    }

    [Fact]
    public async Task Account_requests_describe_only_that_account()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        var (sys, _) = await SystemUser(broker);
        await using var s = sys;
        await using var one = await AppUser(broker, "one");
        await using var two = await AppUser(broker, "two");
        await using var sub = await one.SubscribeAsync("app.>");

        var connz = JsonDocument.Parse((await sys.RequestAsync("$SYS.REQ.ACCOUNT.APP.CONNZ", "")).Data.ToArray()).RootElement.GetProperty("data");
        Assert.Equal(["one", "two"], connz.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
        var info = JsonDocument.Parse((await sys.RequestAsync("$SYS.REQ.ACCOUNT.APP.INFO", "")).Data.ToArray()).RootElement.GetProperty("data");
        Assert.Equal("APP", info.GetProperty("account_name").GetString());
        Assert.Equal(2, info.GetProperty("client_connections").GetInt32());
        var conns = JsonDocument.Parse((await sys.RequestAsync("$SYS.REQ.ACCOUNT.APP.CONNS", "")).Data.ToArray()).RootElement.GetProperty("data");
        Assert.Equal(2, conns.GetProperty("conns").GetInt32());
        var missing = JsonDocument.Parse((await sys.RequestAsync("$SYS.REQ.ACCOUNT.NOPE.INFO", "")).Data.ToArray()).RootElement;
        Assert.Equal(404, missing.GetProperty("error").GetProperty("code").GetInt32());
    }
}

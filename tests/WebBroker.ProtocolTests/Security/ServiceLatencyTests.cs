using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>Service latency tracking: an exported service with <c>latency</c> reports each answered request
/// from an importing account on the results subject, in the exporting account, in nats-server's format.</summary>
public sealed class ServiceLatencyTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        accounts {
          P {
            users: [ { user: p, password: pp } ]
            exports: [ { service: "time.svc", latency: { sampling: 100%, subject: "latency.time" } } ]
          }
          C {
            users: [ { user: c, password: pc } ]
            imports: [ { service: { account: P, subject: "time.svc" } } ]
          }
        }
        """;

    private static string Login(string user, string pass) => $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"{{pass}}"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_answered_request_is_reported_with_requestor_responder_and_times(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("p", "pp"));
        await service.SendAsync("SUB time.svc 1\r\nSUB latency.time 2\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var client = await server.ConnectReadyAsync(Login("c", "pc"));
        await client.SendAsync("SUB inbox 1\r\nPUB time.svc inbox 3\r\nnow\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");

        var request = await service.ReadMsgAsync();
        Assert.Equal("time.svc", request.Subject);
        await service.SendAsync($"PUB {request.Reply} 4\r\nnoon\r\n");
        await client.ExpectMsgAsync("inbox", "1", "noon");

        var report = await service.ReadMsgAsync();
        Assert.Equal("latency.time", report.Subject);
        using var json = JsonDocument.Parse(report.Payload);
        var root = json.RootElement;
        Assert.Equal("io.nats.server.metric.v1.service_latency", root.GetProperty("type").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal("C", root.GetProperty("requestor").GetProperty("acc").GetString());
        Assert.Equal("P", root.GetProperty("responder").GetProperty("acc").GetString());
        Assert.True(root.GetProperty("total").GetInt64() > 0);
        Assert.True(root.GetProperty("total").GetInt64() >= root.GetProperty("service").GetInt64());
        Assert.True(root.TryGetProperty("start", out _));
    }
}

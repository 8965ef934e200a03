namespace WebBroker.ProtocolTests;

/// <summary>
/// Imports are subscriptions, as in nats-server: a service import is a receiver in the importing account
/// (so a request through it gets no 503 even when the exporter has nobody listening), imports chain (a reply
/// finds its way back through two accounts), and imports that would form a cycle are refused at start-up.
/// </summary>
public sealed class ImportSubscriptionTests(ServerPool pool) : IClassFixture<ServerPool>
{
    /// <summary>C imports B's service, which B itself imports from A; C also imports A's stream through a mapping.</summary>
    private const string Config = """
        accounts {
          A {
            users: [ { user: a, password: pa } ]
            exports: [ { service: "svc.>" }, { stream: "ev.*.*" } ]
          }
          B {
            users: [ { user: b, password: pb } ]
            exports: [ { service: "svc.>" } ]
            imports: [ { service: { account: A, subject: "svc.>" } } ]
          }
          C {
            users: [ { user: c, password: pc } ]
            imports: [
              { service: { account: B, subject: "svc.>" }, to: "ask.>" }
              { stream: { account: A, subject: "ev.*.*" }, to: "in.*.from_a.*" }
            ]
          }
        }
        """;

    private static string Login(string user, string pass) =>
        $$"""{"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"user":"{{user}}","pass":"{{pass}}"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_request_through_a_service_import_gets_no_503_when_the_exporter_has_no_responder(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var requester = await server.ConnectReadyAsync(Login("c", "pc"));
        // The import is the receiver in C: nats-server answers no 503 here, the PONG comes first.
        await requester.SendAsync("SUB my.inbox 1\r\nPUB ask.nobody my.inbox 2\r\nhi\r\nPING\r\n");
        await requester.ExpectLineAsync("PONG");
        // Without an import there is nobody: the 503 comes.
        await requester.SendAsync("PUB nowhere my.inbox 2\r\nhi\r\n");
        var status = await requester.ReadMsgAsync();
        Assert.Equal("my.inbox", status.Subject);
        Assert.StartsWith("NATS/1.0 503", status.Headers);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_request_crosses_two_imports_and_its_reply_comes_back_through_both(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("a", "pa"));
        await service.SendAsync("SUB svc.> 1\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var requester = await server.ConnectReadyAsync(Login("c", "pc"));
        await requester.SendAsync("SUB my.inbox 7\r\nPUB ask.time my.inbox 4\r\nwhen\r\nPING\r\n");
        await requester.ExpectLineAsync("PONG");

        var request = await service.ReadMsgAsync();
        Assert.Equal("svc.time", request.Subject);
        Assert.StartsWith("_R_.", request.Reply);
        await service.SendAsync($"PUB {request.Reply} 3\r\nnow\r\n");
        await requester.ExpectMsgAsync("my.inbox", "7", "now");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_mapped_stream_import_delivers_to_narrower_and_overlapping_subscriptions(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var importer = await server.ConnectReadyAsync(Login("c", "pc"));
        await importer.SendAsync("SUB in.> 1\r\nSUB in.x.from_a.y 2\r\nSUB in.*.from_a.z 3\r\nSUB in.x.other.y 4\r\nPING\r\n");
        await importer.ExpectLineAsync("PONG");
        await using var exporter = await server.ConnectReadyAsync(Login("a", "pa"));
        await exporter.SendAsync("PUB ev.x.y 1\r\n1\r\nPUB ev.q.z 1\r\n2\r\nPING\r\n");
        await exporter.ExpectLineAsync("PONG");

        var got = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var msg = await importer.ReadMsgAsync();
            got.Add($"{msg.Subject} {msg.Sid} {msg.Payload}");
        }
        Assert.Equal(["in.q.from_a.z 1 2", "in.q.from_a.z 3 2", "in.x.from_a.y 1 1", "in.x.from_a.y 2 1"], got.Order());
        await importer.SendAsync("PING\r\n");
        await importer.ExpectLineAsync("PONG"); // sid 4 never matches the import
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Service_imports_that_form_a_cycle_are_refused_at_start_up(ServerKind kind)
    {
        var output = await ServerProcess.FailToStartAsync(kind, """
            accounts {
              A { users: [ { user: a, password: a } ], exports: [ { service: "svc.>" } ], imports: [ { service: { account: B, subject: "svc.>" } } ] }
              B { users: [ { user: b, password: b } ], exports: [ { service: "svc.>" } ], imports: [ { service: { account: A, subject: "svc.>" } } ] }
            }
            """);
        Assert.Contains("Error adding service import \"svc.>\": import forms a cycle", output);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Stream_imports_that_form_a_cycle_are_refused_at_start_up(ServerKind kind)
    {
        var output = await ServerProcess.FailToStartAsync(kind, """
            accounts {
              A { users: [ { user: a, password: a } ], exports: [ { stream: "ev.>" } ], imports: [ { stream: { account: B, subject: "ev.>" } } ] }
              B { users: [ { user: b, password: b } ], exports: [ { stream: "ev.>" } ], imports: [ { stream: { account: A, subject: "ev.>" } } ] }
            }
            """);
        Assert.Contains("Error adding stream import \"ev.>\": import forms a cycle", output);
    }
}

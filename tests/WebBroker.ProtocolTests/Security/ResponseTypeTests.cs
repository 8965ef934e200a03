namespace WebBroker.ProtocolTests;

/// <summary>
/// Service response types across accounts: a singleton service's request gets one reply back, a
/// streamed or chunked one gets every reply (until the threshold).
/// </summary>
public sealed class ResponseTypeTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        accounts {
          P {
            users: [ { user: p, password: pp } ]
            exports: [ { service: "one.svc" }, { service: "many.svc", response_type: stream, threshold: "10s" },
                       { service: "parts.svc", response_type: chunked, threshold: "10s" } ]
          }
          C {
            users: [ { user: c, password: pc } ]
            imports: [ { service: { account: P, subject: "one.svc" } }, { service: { account: P, subject: "many.svc" } },
                       { service: { account: P, subject: "parts.svc" } } ]
          }
        }
        """;

    private static string Login(string user, string pass) => $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"{{pass}}"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_streamed_service_delivers_every_reply_and_a_singleton_only_the_first(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("p", "pp"));
        await service.SendAsync("SUB one.svc 1\r\nSUB many.svc 2\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var client = await server.ConnectReadyAsync(Login("c", "pc"));
        await client.SendAsync("SUB inbox.one 1\r\nSUB inbox.many 2\r\nPUB one.svc inbox.one 1\r\nx\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");

        var single = await service.ReadMsgAsync();
        await service.SendAsync($"PUB {single.Reply} 1\r\na\r\nPUB {single.Reply} 1\r\nb\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await client.ExpectMsgAsync("inbox.one", "1", "a");

        await client.SendAsync("PUB many.svc inbox.many 1\r\ny\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
        var streamed = await service.ReadMsgAsync();
        Assert.Equal("many.svc", streamed.Subject);
        await service.SendAsync($"PUB {streamed.Reply} 1\r\n1\r\nPUB {streamed.Reply} 1\r\n2\r\nPUB {streamed.Reply} 1\r\n3\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        // The singleton's second reply ("b") never arrives: the next message is the stream's first.
        await client.ExpectMsgAsync("inbox.many", "2", "1");
        await client.ExpectMsgAsync("inbox.many", "2", "2");
        await client.ExpectMsgAsync("inbox.many", "2", "3");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_chunked_service_delivers_every_chunk_in_order(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("p", "pp"));
        await service.SendAsync("SUB parts.svc 1\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var client = await server.ConnectReadyAsync(Login("c", "pc"));
        await client.SendAsync("SUB inbox.parts 1\r\nPUB parts.svc inbox.parts 1\r\nz\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
        var request = await service.ReadMsgAsync();
        Assert.Equal("parts.svc", request.Subject);
        Assert.NotEqual("inbox.parts", request.Reply); // the importer's inbox is mapped, as for every service import
        await service.SendAsync($"PUB {request.Reply} 5\r\npart1\r\nPUB {request.Reply} 5\r\npart2\r\nPUB {request.Reply} 5\r\npart3\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await client.ExpectMsgAsync("inbox.parts", "1", "part1");
        await client.ExpectMsgAsync("inbox.parts", "1", "part2");
        await client.ExpectMsgAsync("inbox.parts", "1", "part3");
    }
}

/// <summary>A wildcard export with account_token_position: each importer may import only the subject
/// carrying its own account name at that token.</summary>
public sealed class AccountTokenPositionTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        accounts {
          A { users: [ { user: a, password: pa } ], exports: [ { service: "req.*.svc", account_token_position: 2 } ] }
          B { users: [ { user: b, password: pb } ], imports: [ { service: { account: A, subject: "req.B.svc" } } ] }
        }
        """;

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_importer_reaches_the_service_under_its_own_name(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"user":"a","pass":"pa"}""");
        await service.SendAsync("SUB req.*.svc 1\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var client = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"user":"b","pass":"pb"}""");
        await client.SendAsync("PUB req.B.svc 2\r\nhi\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
        var request = await service.ReadMsgAsync();
        Assert.Equal("req.B.svc", request.Subject);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Importing_another_accounts_subject_stops_start_up(ServerKind kind)
    {
        var config = Config.TrimEnd().TrimEnd('}') + """
              C { users: [ { user: c, password: pc } ], imports: [ { service: { account: A, subject: "req.B.svc" } } ] }
            }
            """;
        var output = await ServerProcess.FailToStartAsync(kind, config);
        Assert.Contains("Error adding service import \"req.B.svc\": service import not authorized", output);
    }
}

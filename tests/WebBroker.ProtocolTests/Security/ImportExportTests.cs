namespace WebBroker.ProtocolTests;

/// <summary>
/// Streams and services shared between accounts: a stream import delivers (under its prefix), a
/// service import answers across accounts with the reply routed back, and without an import nothing
/// crosses.
/// </summary>
public sealed class ImportExportTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        accounts {
          A {
            users: [ { user: a, password: pa } ]
            exports: [ { stream: "events.>" }, { service: "svc.echo" } ]
          }
          B {
            users: [ { user: b, password: pb } ]
            imports: [
              { stream: { account: A, subject: "events.>" }, prefix: "from_a" }
              { service: { account: A, subject: "svc.echo" }, to: "echo" }
            ]
          }
          C { users: [ { user: c, password: pc } ] }
        }
        """;

    private static string Login(string user, string pass) => $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"{{pass}}"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_stream_import_delivers_under_its_prefix_and_nowhere_else(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var b = await server.ConnectReadyAsync(Login("b", "pb"));
        await using var c = await server.ConnectReadyAsync(Login("c", "pc"));
        await b.SendAsync("SUB from_a.events.> 1\r\nPING\r\n");
        await b.ExpectLineAsync("PONG");
        await c.SendAsync("SUB > 1\r\nPING\r\n");
        await c.ExpectLineAsync("PONG");
        await using var a = await server.ConnectReadyAsync(Login("a", "pa"));
        await a.SendAsync("PUB events.created 2\r\nhi\r\nPUB other.thing 2\r\nno\r\nPING\r\n");
        await a.ExpectLineAsync("PONG");
        await b.ExpectMsgAsync("from_a.events.created", "1", "hi");
        await b.SendAsync("PING\r\n");
        await b.ExpectLineAsync("PONG");
        await c.SendAsync("PING\r\n");
        await c.ExpectLineAsync("PONG"); // C imports nothing: it saw none of it
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_service_import_answers_across_accounts(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("a", "pa"));
        await service.SendAsync("SUB svc.echo 1\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var client = await server.ConnectReadyAsync(Login("b", "pb"));
        await client.SendAsync("SUB my.inbox 7\r\nPUB echo my.inbox 4\r\nping\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");

        var request = await service.ReadMsgAsync();
        Assert.Equal("svc.echo", request.Subject);
        Assert.NotNull(request.Reply);
        Assert.NotEqual("my.inbox", request.Reply); // rewritten: the exporter never sees the importer's subjects
        await service.SendAsync($"PUB {request.Reply} 4\r\npong\r\n");
        await client.ExpectMsgAsync("my.inbox", "7", "pong");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Without_the_import_a_service_is_not_reachable(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("a", "pa"));
        await service.SendAsync("SUB svc.echo 1\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var outsider = await server.ConnectReadyAsync(Login("c", "pc"));
        await outsider.SendAsync("PUB svc.echo 1\r\nx\r\nPUB echo 1\r\nx\r\nPING\r\n");
        await outsider.ExpectLineAsync("PONG");
        await service.SendAsync("PING\r\n");
        await service.ExpectLineAsync("PONG");
    }
}

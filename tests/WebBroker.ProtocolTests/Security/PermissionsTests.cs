namespace WebBroker.ProtocolTests;

/// <summary>
/// User permissions: publish and subscribe allow/deny lists, queue-specific subscribe entries,
/// delivery filtering for wildcard subscriptions, and allow_responses. Violations get nats-server's
/// texts and the connection stays open.
/// </summary>
public sealed class PermissionsTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        authorization {
          users: [
            { user: limited, password: pw, permissions: {
                publish: { allow: ["ok.>"], deny: ["ok.secret"] }
                subscribe: { allow: ["in.*", "q.> workers"], deny: ["in.secret"] }
            } }
            { user: service, password: pw, permissions: { publish: "nothing.here", subscribe: "svc", allow_responses: true } }
            { user: free, password: pw }
          ]
        }
        """;

    private static string Login(string user) => $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"pw"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Publishing_outside_the_allowed_subjects_is_refused_and_the_connection_stays(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var c = await server.ConnectReadyAsync(Login("limited"));
        await c.SendAsync("PUB no 1\r\nx\r\nPUB ok.secret 1\r\nx\r\nPUB ok.fine 1\r\nx\r\nPING\r\n");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Publish to \"no\"'");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Publish to \"ok.secret\"'");
        await c.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Subscribing_outside_the_allowed_subjects_and_queues_is_refused(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var c = await server.ConnectReadyAsync(Login("limited"));
        await c.SendAsync("SUB nope 1\r\nSUB in.secret 2\r\nSUB in.x 3\r\nSUB q.a 4\r\nSUB q.a workers 5\r\nSUB q.a other 6\r\nSUB > 7\r\nPING\r\n");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Subscription to \"nope\"'");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Subscription to \"in.secret\"'");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Subscription to \"q.a\"'");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Subscription to \"q.a\" using queue \"other\"'");
        await c.ExpectLineAsync("-ERR 'Permissions Violation for Subscription to \">\"'");
        await c.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_wildcard_subscription_does_not_receive_denied_subjects(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var limited = await server.ConnectReadyAsync(Login("limited"));
        await limited.SendAsync("SUB in.* 1\r\nPING\r\n");
        await limited.ExpectLineAsync("PONG");
        await using var free = await server.ConnectReadyAsync(Login("free"));
        await free.SendAsync("PUB in.secret 6\r\nhidden\r\nPUB in.open 5\r\nshown\r\nPING\r\n");
        await free.ExpectLineAsync("PONG");
        await limited.ExpectMsgAsync("in.open", "1", "shown");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Allow_responses_lets_a_service_answer_each_request_once(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var service = await server.ConnectReadyAsync(Login("service"));
        await service.SendAsync("SUB svc 1\r\nPING\r\n");
        await service.ExpectLineAsync("PONG");
        await using var requester = await server.ConnectReadyAsync(Login("free"));
        await requester.SendAsync("SUB reply.box 9\r\nPUB svc reply.box 3\r\nask\r\nPING\r\n");
        await requester.ExpectLineAsync("PONG");
        var request = await service.ReadMsgAsync();
        Assert.Equal("reply.box", request.Reply);

        await service.SendAsync("PUB reply.box 6\r\nanswer\r\nPUB reply.box 5\r\nagain\r\nPUB other 1\r\nx\r\nPING\r\n");
        await service.ExpectLineAsync("-ERR 'Permissions Violation for Publish to \"reply.box\"'");
        await service.ExpectLineAsync("-ERR 'Permissions Violation for Publish to \"other\"'");
        await service.ExpectLineAsync("PONG");
        await requester.ExpectMsgAsync("reply.box", "9", "answer");
    }
}

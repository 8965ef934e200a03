namespace WebBroker.ProtocolTests;

/// <summary>Settings of the websocket block and of HTTPS monitoring that nats-server refuses at start-up are
/// refused by both servers with nats-server's message.</summary>
public sealed class WebSocketStartupErrorTests
{
    public static TheoryData<ServerKind, string> Cases => Servers.Cross(
        "websocket { port: -1 }\n=>websocket requires TLS configuration",
        "websocket { port: -1, no_tls: true, no_auth_user: bob }\n=>no_auth_user: \"bob\" present, but users are not defined",
        "authorization { users: [ { user: a, password: p } ] }\nwebsocket { port: -1, no_tls: true, no_auth_user: bob }\n=>no_auth_user: \"bob\" not present as user in authorization block or account configuration",
        "authorization { users: [ { user: a, password: p } ] }\nwebsocket { port: -1, no_tls: true, authorization { token: t } }\n=>websocket authentication token not compatible with presence of users/nkeys",
        "websocket { port: -1, no_tls: true, jwt_cookie: my_jwt }\n=>trusted operators or trusted keys configuration is required for JWT authentication via cookie \"my_jwt\"",
        "https_port: -1\n=>TLS cert and key required for HTTPS");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_server_refuses_to_start_with_nats_servers_message(ServerKind kind, string configAndMessage)
    {
        var parts = configAndMessage.Split("=>");
        var output = await ServerProcess.FailToStartAsync(kind, parts[0]);
        Assert.Contains(parts[1], output);
    }
}

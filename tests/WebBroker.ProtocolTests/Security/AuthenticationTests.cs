namespace WebBroker.ProtocolTests;

/// <summary>
/// The single token or user of <c>authorization {}</c> (nats-server's --auth/--user/--pass): INFO says
/// auth_required, CONNECT must carry the credentials, nothing else may come first, and a client that
/// never sends CONNECT is cut off after the authorization timeout.
/// </summary>
public sealed class AuthenticationTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string TokenConfig = """
        authorization { token: "s3cret", timeout: 1 }
        """;

    private const string UserConfig = """
        authorization { user: alice, password: "wonder land" }
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task INFO_says_that_authentication_is_required(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, TokenConfig);
        await using var client = await server.ConnectAsync();
        Assert.True(client.Info.GetProperty("auth_required").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_right_token_is_let_in(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, TokenConfig);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"s3cret\"}\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_wrong_token_gets_Authorization_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, TokenConfig);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"guess\"}\r\nPING\r\n");
        await client.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_missing_token_gets_Authorization_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, TokenConfig);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n");
        await client.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Publishing_before_CONNECT_gets_Authorization_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, TokenConfig);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("PUB foo 2\r\nhi\r\n");
        await client.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_never_sends_CONNECT_gets_Authentication_Timeout(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, TokenConfig);
        await using var client = await server.ConnectAsync();
        client.AnswerServerPings = false;
        await client.ExpectErrorAndCloseAsync("Authentication Timeout", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_right_user_and_password_are_let_in(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, UserConfig);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"alice\",\"pass\":\"wonder land\"}\r\nPING\r\n");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_wrong_password_gets_Authorization_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, UserConfig);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"alice\",\"pass\":\"wonderland\"}\r\n");
        await client.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>
/// Accounts and users from the config file: users log in with plain or bcrypt passwords, each
/// account is a subject space of its own, and no_auth_user places clients without credentials.
/// </summary>
public sealed class AccountsTests(ServerPool pool) : IClassFixture<ServerPool>
{
    // "$2a$05$CCC...": the OpenBSD bcrypt test vector, the hash of "U*U".
    private const string Config = """
        authorization { users: [ { user: g, password: gpass } ] }
        accounts {
          A { users: [ { user: a, password: apass }, { user: a2, password: a2pass } ] }
          B { users: [ { user: b, password: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" } ] }
        }
        """;

    private const string NoAuthConfig = """
        accounts { A { users: [ { user: a, password: apass } ] } }
        no_auth_user: a
        """;

    private static string Login(string user, string pass) =>
        $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"{{pass}}"}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Plain_and_bcrypt_passwords_let_their_users_in(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        foreach (var (user, pass) in new[] { ("a", "apass"), ("b", "U*U"), ("g", "gpass") })
        {
            await using var client = await server.ConnectReadyAsync(Login(user, pass));
            await client.ExpectOpenAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_wrong_password_or_an_unknown_user_is_refused_alike(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        foreach (var (user, pass) in new[] { ("b", "U*V"), ("a", "gpass"), ("nobody", "apass") })
        {
            await using var client = await server.ConnectAsync();
            await client.SendAsync($"CONNECT {Login(user, pass)}\r\nPING\r\n");
            await client.ExpectErrorAndCloseAsync("Authorization Violation");
        }
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Messages_stay_inside_their_account(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var inA = await server.ConnectReadyAsync(Login("a", "apass"));
        await using var inB = await server.ConnectReadyAsync(Login("b", "U*U"));
        await using var inG = await server.ConnectReadyAsync(Login("g", "gpass"));
        foreach (var c in new[] { inA, inB, inG })
        {
            await c.SendAsync("SUB shared.subject 1\r\nPING\r\n");
            await c.ExpectLineAsync("PONG");
        }
        await using var otherA = await server.ConnectReadyAsync(Login("a2", "a2pass"));
        await otherA.SendAsync("PUB shared.subject 4\r\nforA\r\nPING\r\n");
        await otherA.ExpectLineAsync("PONG");
        await inB.SendAsync("PUB shared.subject 4\r\nforB\r\nPING\r\n");
        await inB.ExpectMsgAsync("shared.subject", "1", "forB"); // its own message (echo), then the barrier
        await inB.ExpectLineAsync("PONG");

        await inA.ExpectMsgAsync("shared.subject", "1", "forA");
        // Nothing else reached A, and nothing from A reached B or $G: the next thing each sees is its PONG.
        await inA.SendAsync("PING\r\n");
        await inA.ExpectLineAsync("PONG");
        await inG.SendAsync("PING\r\n");
        await inG.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_without_credentials_joins_the_no_auth_users_account(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, NoAuthConfig);
        await using var anonymous = await server.ConnectReadyAsync();
        await anonymous.SendAsync("SUB in.a 1\r\nPING\r\n");
        await anonymous.ExpectLineAsync("PONG");
        await using var named = await server.ConnectReadyAsync(Login("a", "apass"));
        await named.SendAsync("PUB in.a 2\r\nhi\r\nPING\r\n");
        await named.ExpectLineAsync("PONG");
        await anonymous.ExpectMsgAsync("in.a", "1", "hi");
    }
}

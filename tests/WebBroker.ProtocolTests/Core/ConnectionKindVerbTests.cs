namespace WebBroker.ProtocolTests;

/// <summary>
/// Verbs are allowed by connection kind: the verbs only routes, gateways and leaf nodes send (RS+, RS-,
/// RMSG, LS+, LS-, LMSG, A+, A-, and MSG/HMSG, which only servers send) are, from a client, unknown
/// operations: -ERR 'Unknown Protocol Operation' and the close. nats-server decides byte by byte, so it
/// refuses such a verb as soon as its first bytes arrive, without waiting for the end of the line; a
/// line that may still become a client verb is waited for (and so is HMSG, which nats-server reads from
/// any kind and refuses from a client only once the line is whole: see <see cref="ProtocolErrorTests"/>).
/// </summary>
public sealed class ConnectionKindVerbTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string AuthConfig = "authorization { users: [ { user: u, password: p } ] }";

    public static TheoryData<ServerKind, string> OtherKindsVerbs => Servers.Cross(
        "RS+ foo\r\n",
        "RS- foo\r\n",
        "RS+ $G foo q 1\r\n",
        "RMSG $G foo 2\r\n",
        "LS+ foo\r\n",
        "LS- foo\r\n",
        "LMSG foo 2\r\n",
        "A+ $G\r\n",
        "A- $G\r\n",
        "rs+ foo\r\n",
        "lmsg foo 2\r\n");

    [Theory]
    [MemberData(nameof(OtherKindsVerbs))]
    public async Task A_route_or_leaf_verb_from_a_client_gets_Unknown_Protocol_Operation_and_is_closed(ServerKind kind, string input)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(input);

        await client.ExpectErrorAndCloseAsync("Unknown Protocol Operation");
    }

    public static TheoryData<ServerKind, string> UnfinishedForeignVerbs => Servers.Cross(
        "R", "RS+", "RS+ fo", "RM", "L", "LS-", "A", "A+", "M", "MSG", "X", " ", "PX", "PUBX", "SUBX", "-ERRX", "+X", "CX");

    [Theory]
    [MemberData(nameof(UnfinishedForeignVerbs))]
    public async Task A_line_no_client_verb_begins_with_is_refused_before_its_end_arrives(ServerKind kind, string start)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(start);

        await client.ExpectErrorAndCloseAsync("Unknown Protocol Operation");
    }

    public static TheoryData<ServerKind, string, string> SplitClientVerbs
    {
        get
        {
            var data = new TheoryData<ServerKind, string, string>();
            foreach (var kind in Servers.Kinds)
                foreach (var (start, rest) in new[]
                {
                    ("P", "ING\r\n"), ("PIN", "G\r\n"), ("SUB fo", "o 1\r\nPING\r\n"), ("pub ", "a 0\r\n\r\nPING\r\n"), ("+O", "K\r\nPING\r\n"),
                })
                    data.Add(kind, start, rest);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SplitClientVerbs))]
    public async Task A_client_verb_split_across_writes_is_waited_for(ServerKind kind, string start, string rest)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(start);
        await client.SendAsync(rest);

        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Before_CONNECT_on_a_server_with_credentials_a_route_verb_is_an_authorization_violation(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, AuthConfig);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("R");

        await client.ExpectErrorAndCloseAsync("Authorization Violation");
    }
}

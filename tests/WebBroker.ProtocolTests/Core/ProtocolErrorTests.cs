namespace WebBroker.ProtocolTests;

/// <summary>
/// What a client's mistake earns, and whether the connection survives it, as nats-server 2.9
/// decides. After a quiet CONNECT (verbose and pedantic off):
/// <list type="bullet">
/// <item>an unknown or misplaced operation: <c>-ERR 'Unknown Protocol Operation'</c>, closed;</item>
/// <item>malformed arguments of a known operation: closed without any -ERR;</item>
/// <item>an invalid subscription subject: <c>-ERR 'Invalid Subject'</c>, stays open;</item>
/// <item>operations only a server sends (+OK, PONG, INFO): ignored; -ERR: closed silently.</item>
/// </list>
/// Inputs are short so that the server reads all of them before it closes (otherwise unread data
/// turns the close into a reset that may discard the -ERR).
/// </summary>
public sealed class ProtocolErrorTests(ServerPool pool) : IClassFixture<ServerPool>
{
    public static TheoryData<ServerKind, string> UnknownOperations => Servers.Cross(
        "FOO\r\n",
        "P\r\n",
        " PING\r\n",
        "\r\n",
        "\n",
        "PUB\r\n",
        "SUB\r\n",
        "UNSUB\r\n",
        "MSG a 1 1\r\n",
        "HMSG a 1 2 3\r\n");

    [Theory]
    [MemberData(nameof(UnknownOperations))]
    public async Task An_unknown_or_client_forbidden_operation_gets_Unknown_Protocol_Operation_and_is_closed(
        ServerKind kind, string input)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(input);

        await client.ExpectErrorAndCloseAsync("Unknown Protocol Operation");
    }

    public static TheoryData<ServerKind, string> WrongPayloadLength => Servers.Cross(
        "PUB a 1\r\nab\r\n",
        "PUB a 0\r\nx\r\n",
        "PUB a 1\r\nxPING\r\n",
        "PUB a 1\r\nx\nPING\r\n");

    [Theory]
    [MemberData(nameof(WrongPayloadLength))]
    public async Task A_payload_not_followed_by_CRLF_where_its_size_says_gets_Unknown_Protocol_Operation_and_is_closed(
        ServerKind kind, string input)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(input);

        await client.ExpectErrorAndCloseAsync("Unknown Protocol Operation");
    }

    public static TheoryData<ServerKind, string> MalformedArguments => Servers.Cross(
        "PUB a -1\r\n",
        "PUB a 99999999999999999999\r\n",
        "PUB a\r\n",
        "PUB a b c d\r\n",
        "PUB a 1x\r\n",
        "PUB a +1\r\n",
        "SUB a\r\n",
        "SUB a b c d\r\n",
        "UNSUB 1 2 3\r\n",
        "CONNECT {bad\r\n");

    [Theory]
    [MemberData(nameof(MalformedArguments))]
    public async Task Malformed_arguments_close_the_connection_without_an_error(ServerKind kind, string input)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(input);

        await client.ExpectClosedAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_declared_size_over_max_payload_gets_Maximum_Payload_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("PUB a 2000000\r\n");

        await client.ExpectErrorAndCloseAsync("Maximum Payload Violation");
    }

    public static TheoryData<ServerKind, string> InvalidSubscriptionSubjects => Servers.Cross(
        "a..", "foo.>.x", ">.foo", ".a", "a.", "..", ".");

    [Theory]
    [MemberData(nameof(InvalidSubscriptionSubjects))]
    public async Task SUB_to_an_invalid_subject_gets_Invalid_Subject_and_the_connection_stays_open(ServerKind kind, string subject)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync($"SUB {subject} 1\r\nPING\r\n");

        await client.ExpectLineAsync("-ERR 'Invalid Subject'");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_verbose_client_gets_OK_and_then_the_error_for_an_invalid_subscription_subject(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("CONNECT {\"verbose\":true}\r\nSUB a.. 1\r\nPING\r\n");

        await client.ExpectLineAsync("+OK"); // CONNECT
        await client.ExpectLineAsync("-ERR 'Invalid Subject'");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_ERR_sent_by_a_client_closes_its_connection_without_a_reply(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("-ERR x\r\n");

        await client.ExpectClosedAsync();
    }

    public static TheoryData<ServerKind, string> ServerOnlyOperations => Servers.Cross(
        "+OK\r\n", "PONG\r\n", "INFO {}\r\n", "+ok\r\n", "pong\r\n");

    [Theory]
    [MemberData(nameof(ServerOnlyOperations))]
    public async Task OK_PONG_and_INFO_sent_by_a_client_are_ignored(ServerKind kind, string input)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync(input);

        await client.ExpectOpenAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_PUB_with_an_empty_payload_is_fine(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("PUB a 0\r\n\r\n");

        await client.ExpectOpenAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_error_on_one_connection_does_not_disturb_another(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var bystander = await server.ConnectReadyAsync();
        await bystander.SendAsync("SUB calm 1\r\nPING\r\n");
        await bystander.ExpectLineAsync("PONG");
        await using var offender = await server.ConnectReadyAsync();

        await offender.SendAsync("FOO\r\n");
        await offender.ExpectErrorAndCloseAsync("Unknown Protocol Operation");

        await using var publisher = await server.ConnectReadyAsync();
        await publisher.SendAsync("PUB calm 2\r\nok\r\n");
        await bystander.ExpectMsgAsync("calm", "1", "ok");
    }
}

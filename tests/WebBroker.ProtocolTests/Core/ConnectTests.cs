namespace WebBroker.ProtocolTests;

/// <summary>CONNECT options: verbose, pedantic, protocol, no_responders, and what a bad CONNECT gets.</summary>
public sealed class ConnectTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Verbose_client_gets_OK_after_every_operation_except_PING(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(
            "CONNECT {\"verbose\":true,\"pedantic\":false}\r\n" +
            "SUB v 1\r\nPUB v 2\r\nhi\r\nUNSUB 1\r\nPUB v 0\r\n\r\nPING\r\n");

        await client.ExpectLineAsync("+OK"); // CONNECT
        await client.ExpectLineAsync("+OK"); // SUB
        await client.ExpectLineAsync("+OK"); // PUB, acknowledged before its delivery
        await client.ExpectMsgAsync("v", "1", "hi");
        await client.ExpectLineAsync("+OK"); // UNSUB
        await client.ExpectLineAsync("+OK"); // PUB
        await client.ExpectLineAsync("PONG"); // PING gets only its PONG
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Quiet_client_gets_no_OK(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"CONNECT {RawClient.QuietConnect}\r\nSUB q 1\r\nPUB q 2\r\nhi\r\nUNSUB 1\r\nPING\r\n");

        await client.ExpectMsgAsync("q", "1", "hi");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Verbose_and_pedantic_are_on_when_CONNECT_omits_them(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("CONNECT {}\r\nPUB foo.* 1\r\nx\r\nPING\r\n");

        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("-ERR 'Invalid Publish Subject'");
        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_may_skip_CONNECT_and_is_then_verbose(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("SUB s 1\r\nPUB s 1\r\nx\r\nPING\r\n");

        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("+OK");
        await client.ExpectMsgAsync("s", "1", "x");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_second_CONNECT_replaces_the_options_of_the_first(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("CONNECT {\"verbose\":true,\"pedantic\":false}\r\nSUB a 1\r\nPING\r\n");

        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Unknown_and_informational_CONNECT_fields_are_accepted(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.HandshakeAsync(
            """{"verbose":false,"pedantic":false,"tls_required":false,"name":"n","lang":"raw","version":"0.0.1","protocol":1,"echo":true,"headers":true,"no_responders":true,"some_future_field":[1,{"a":null}]}""");

        await client.ExpectOpenAsync();
    }

    public static TheoryData<ServerKind, string> PedanticSubjects =>
        Servers.Cross("foo..", "foo.*", "foo.>", "*", ">", ".foo", "foo.");

    [Theory]
    [MemberData(nameof(PedanticSubjects))]
    public async Task Pedantic_client_publishing_to_an_invalid_or_wildcard_subject_gets_Invalid_Publish_Subject_and_stays_open(
        ServerKind kind, string subject)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":true}""");

        await client.SendAsync($"PUB {subject} 1\r\nx\r\nPING\r\n");

        await client.ExpectLineAsync("-ERR 'Invalid Publish Subject'");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Verbose_pedantic_client_gets_the_error_and_then_OK_for_an_invalid_publish_subject(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("CONNECT {\"verbose\":true,\"pedantic\":true}\r\nPUB foo.* 1\r\nx\r\nPING\r\n");

        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("-ERR 'Invalid Publish Subject'");
        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Lenient_client_publishes_to_an_invalid_subject_without_error(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("PUB foo.. 1\r\nx\r\nPING\r\n");

        await client.ExpectLineAsync("PONG");
    }

    public static TheoryData<ServerKind, string> MalformedConnects => Servers.Cross(
        "CONNECT {bad\r\n",
        "CONNECT {bad}\r\n",
        "CONNECT {\"verbose\":true,\"pedantic\":true\r\n",
        "CONNECT []\r\n",
        "CONNECT {\"verbose\":\"yes\"}\r\n",
        "CONNECT\r\n",
        "CONNECT \r\n");

    [Theory]
    [MemberData(nameof(MalformedConnects))]
    public async Task Malformed_CONNECT_closes_the_connection_without_an_error(ServerKind kind, string connect)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(connect);

        await client.ExpectClosedAsync();
    }

    public static TheoryData<ServerKind, int> UnsupportedProtocols => Servers.Cross(2, 3, -1);

    [Theory]
    [MemberData(nameof(UnsupportedProtocols))]
    public async Task Protocol_other_than_0_or_1_gets_invalid_client_protocol_and_is_closed(ServerKind kind, int protocol)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"CONNECT {{\"verbose\":false,\"protocol\":{protocol}}}\r\n");

        await client.ExpectErrorAndCloseAsync("invalid client protocol");
    }

    public static TheoryData<ServerKind, int> SupportedProtocols => Servers.Cross(0, 1);

    [Theory]
    [MemberData(nameof(SupportedProtocols))]
    public async Task Protocol_0_and_1_are_accepted(ServerKind kind, int protocol)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.HandshakeAsync($"{{\"verbose\":false,\"protocol\":{protocol}}}");

        await client.ExpectOpenAsync();
    }

    public static TheoryData<ServerKind, string> NoRespondersWithoutHeaders => Servers.Cross(
        """{"verbose":false,"no_responders":true}""",
        """{"verbose":false,"no_responders":true,"headers":false}""",
        """{"verbose":true,"no_responders":true}""");

    [Theory]
    [MemberData(nameof(NoRespondersWithoutHeaders))]
    public async Task No_responders_without_headers_is_rejected_and_closed(ServerKind kind, string connectJson)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"CONNECT {connectJson}\r\n");

        await client.ExpectErrorAndCloseAsync("no responders requires headers support");
    }
}

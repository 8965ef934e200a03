namespace WebBroker.ProtocolTests;

/// <summary>HPUB and HMSG: messages with a header block, for clients that announced <c>"headers":true</c>.</summary>
public sealed class HeadersTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string WithHeaders = """{"verbose":false,"pedantic":false,"headers":true}""";
    private const string Headers = "NATS/1.0\r\nX-Key: value\r\n\r\n";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task HPUB_is_delivered_as_HMSG_with_header_and_payload_intact(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync($"SUB h 1\r\nHPUB h {Headers.Length} {Headers.Length + 2}\r\n{Headers}hi\r\n");

        await client.ExpectLineAsync($"HMSG h 1 {Headers.Length} {Headers.Length + 2}");
        Assert.Equal(Headers + "hi\r\n", RawClient.Latin1.GetString(await client.ReadBytesAsync(Headers.Length + 4)));
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task HPUB_keeps_its_reply_subject(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync($"SUB h 1\r\nHPUB h _INBOX.r {Headers.Length} {Headers.Length + 2}\r\n{Headers}hi\r\n");

        Assert.Equal(new Msg("h", "1", "_INBOX.r", Headers, "hi"), await client.ReadMsgAsync());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task HPUB_with_only_headers_and_no_payload_is_delivered(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync($"SUB h 1\r\nHPUB h {Headers.Length} {Headers.Length}\r\n{Headers}\r\n");

        Assert.Equal(new Msg("h", "1", null, Headers, ""), await client.ReadMsgAsync());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_subscriber_without_headers_support_gets_a_plain_MSG_without_the_header_block(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var subscriber = await server.ConnectReadyAsync(); // no "headers":true
        await using var publisher = await server.ConnectReadyAsync(WithHeaders);
        await subscriber.SendAsync("SUB h 1\r\nPING\r\n");
        await subscriber.ExpectLineAsync("PONG");

        await publisher.SendAsync($"HPUB h r {Headers.Length} {Headers.Length + 2}\r\n{Headers}hi\r\n");

        await subscriber.ExpectMsgAsync("h", "1", "hi", reply: "r");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_plain_PUB_reaches_a_headers_capable_subscriber_as_MSG(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync("SUB p 1\r\nPUB p 2\r\nhi\r\n");

        await client.ExpectMsgAsync("p", "1", "hi");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Verbose_HPUB_gets_OK(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"CONNECT {{\"verbose\":true,\"headers\":true}}\r\nHPUB v {Headers.Length} {Headers.Length}\r\n{Headers}\r\nPING\r\n");

        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("+OK");
        await client.ExpectLineAsync("PONG");
    }

    public static TheoryData<ServerKind, string> HeadersOff => Servers.Cross(
        RawClient.QuietConnect,
        """{"verbose":false,"pedantic":false,"headers":false}""");

    [Theory]
    [MemberData(nameof(HeadersOff))]
    public async Task HPUB_from_a_client_that_did_not_announce_headers_closes_the_connection_without_an_error(
        ServerKind kind, string connectJson)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(connectJson);

        await client.SendAsync($"HPUB h {Headers.Length} {Headers.Length}\r\n{Headers}\r\n");

        await client.ExpectClosedAsync();
    }

    public static TheoryData<ServerKind, string> BadHpubArguments => Servers.Cross(
        "HPUB h 12 11\r\n", // header larger than the whole message
        "HPUB h -1 3\r\n",
        "HPUB h 12\r\n",
        "HPUB h\r\n",
        "HPUB h 1 2 3 4\r\n");

    [Theory]
    [MemberData(nameof(BadHpubArguments))]
    public async Task HPUB_with_bad_sizes_or_argument_count_closes_the_connection_without_an_error(ServerKind kind, string line)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync(line);

        await client.ExpectClosedAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task HPUB_alone_is_an_Unknown_Protocol_Operation(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync("HPUB\r\n");

        await client.ExpectErrorAndCloseAsync("Unknown Protocol Operation");
    }
}

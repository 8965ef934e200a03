namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>max_payload</c> (1024 here): announced in INFO, a payload of exactly that size passes, one
/// byte more is refused as soon as the PUB line is read, before any payload arrives.
/// </summary>
public sealed class MaxPayloadTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = "max_payload: 1024";
    private const string WithHeaders = """{"verbose":false,"pedantic":false,"headers":true}""";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Info_announces_the_configured_max_payload(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectAsync();

        Assert.Equal(1024, client.Info.GetProperty("max_payload").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_payload_of_exactly_max_payload_is_delivered(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();
        var payload = new string('m', 1024);

        await client.SendAsync($"SUB max 1\r\nPUB max 1024\r\n{payload}\r\n");

        await client.ExpectMsgAsync("max", "1", payload);
        await client.ExpectOpenAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_PUB_one_byte_over_max_payload_gets_Maximum_Payload_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("PUB max 1025\r\n"); // the payload is never needed

        await client.ExpectErrorAndCloseAsync("Maximum Payload Violation");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_HPUB_of_exactly_max_payload_including_headers_is_delivered(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync(WithHeaders);
        const string headers = "NATS/1.0\r\n\r\n";
        var payload = new string('h', 1024 - headers.Length);

        await client.SendAsync($"SUB max 1\r\nHPUB max {headers.Length} 1024\r\n{headers}{payload}\r\n");

        Assert.Equal(new Msg("max", "1", null, headers, payload), await client.ReadMsgAsync());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_HPUB_whose_total_is_over_max_payload_gets_Maximum_Payload_Violation_and_is_closed(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync(WithHeaders);

        await client.SendAsync("HPUB max 12 1025\r\n");

        await client.ExpectErrorAndCloseAsync("Maximum Payload Violation");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_default_max_payload_is_one_mebibyte(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();
        Assert.Equal(1048576, client.Info.GetProperty("max_payload").GetInt32());

        await client.SendAsync("PUB big 1048577\r\n");

        await client.ExpectErrorAndCloseAsync("Maximum Payload Violation");
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>Subject mappings (<c>mappings {}</c>): renames, token reordering, and weighted splits.</summary>
public sealed class MappingsTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        mappings = {
          "orders.*": "orders.mapped.$1"
          "swap.*.*": "swapped.{{wildcard(2)}}.{{wildcard(1)}}"
          "canary": [ { destination: "v1", weight: 80% }, { destination: "v2", weight: 20% } ]
        }
        """;

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_mapped_subject_is_delivered_under_its_destination(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var sub = await server.ConnectReadyAsync();
        await sub.SendAsync("SUB orders.mapped.* 1\r\nSUB swapped.> 2\r\nPING\r\n");
        await sub.ExpectLineAsync("PONG");
        await using var pub = await server.ConnectReadyAsync();
        await pub.SendAsync("PUB orders.42 2\r\nhi\r\nPUB swap.a.b 2\r\nyo\r\nPING\r\n");
        await pub.ExpectLineAsync("PONG");
        await sub.ExpectMsgAsync("orders.mapped.42", "1", "hi");
        await sub.ExpectMsgAsync("swapped.b.a", "2", "yo");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_weighted_mapping_spreads_10000_messages_within_a_few_percent(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var sub = await server.ConnectReadyAsync();
        await sub.SendAsync("SUB v1 1\r\nSUB v2 2\r\nPING\r\n");
        await sub.ExpectLineAsync("PONG");
        await using var pub = await server.ConnectReadyAsync();
        const int Total = 10_000;
        await pub.SendAsync(string.Concat(Enumerable.Repeat("PUB canary 1\r\nx\r\n", Total)) + "PING\r\n");
        await pub.ExpectLineAsync("PONG");
        var counts = new Dictionary<string, int> { ["v1"] = 0, ["v2"] = 0 };
        for (var i = 0; i < Total; i++) counts[(await sub.ReadMsgAsync()).Subject]++;
        Assert.InRange(counts["v1"], 7_700, 8_300);
        Assert.InRange(counts["v2"], 1_700, 2_300);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebBroker.ProtocolTests;

/// <summary>The INFO line a server sends as soon as a client connects, before the client says anything.</summary>
public sealed partial class InfoTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [GeneratedRegex("^N[A-Z2-7]{55}$")]
    private static partial Regex ServerNKey();

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Info_is_the_first_line_and_describes_the_server_and_the_client(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();
        var info = client.Info;

        Assert.Equal(JsonValueKind.Object, info.ValueKind);
        Assert.Equal(JsonValueKind.String, info.GetProperty("server_id").ValueKind);
        Assert.Equal(JsonValueKind.String, info.GetProperty("version").ValueKind);
        Assert.NotEmpty(info.GetProperty("version").GetString()!);
        Assert.Equal(1, info.GetProperty("proto").GetInt32());
        Assert.Equal("127.0.0.1", info.GetProperty("host").GetString());
        Assert.Equal(server.Port, info.GetProperty("port").GetInt32());
        Assert.True(info.GetProperty("headers").GetBoolean());
        Assert.Equal(1024 * 1024, info.GetProperty("max_payload").GetInt32());
        Assert.True(info.GetProperty("client_id").GetUInt64() > 0);
        Assert.Equal("127.0.0.1", info.GetProperty("client_ip").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Server_id_is_an_nkey_style_server_public_key(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        // 'N' (server key prefix) followed by base32 (A-Z, 2-7): 56 characters in all.
        var id = client.Info.GetProperty("server_id").GetString()!;
        Assert.Matches(ServerNKey(), id);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Each_connection_gets_its_own_client_id_under_the_same_server_id(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();

        Assert.Equal(first.Info.GetProperty("server_id").GetString(), second.Info.GetProperty("server_id").GetString());
        Assert.NotEqual(first.Info.GetProperty("client_id").GetUInt64(), second.Info.GetProperty("client_id").GetUInt64());
    }
}

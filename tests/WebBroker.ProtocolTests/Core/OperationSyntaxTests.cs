namespace WebBroker.ProtocolTests;

/// <summary>How leniently operations are spelled: case, whitespace, line endings.</summary>
public sealed class OperationSyntaxTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Operation_names_are_case_insensitive(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(
            "connect {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n" +
            "sub a 1\r\npub a 1\r\nx\r\nSuB b 2\r\nPuB b 1\r\ny\r\nhpub a 12 13\r\nNATS/1.0\r\n\r\nz\r\n" +
            "unsub 1\r\npub a 1\r\nw\r\nping\r\nPiNg\r\n");

        await client.ExpectMsgAsync("a", "1", "x");
        await client.ExpectMsgAsync("b", "2", "y");
        Assert.Equal(new Msg("a", "1", null, "NATS/1.0\r\n\r\n", "z"), await client.ReadMsgAsync());
        await client.ExpectLineAsync("PONG");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Tabs_and_runs_of_spaces_separate_arguments(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB\ta\t1\r\nSUB   b   q   2\r\nPUB\t a \t r\t\t1\r\nx\r\nPUB  b    1\r\ny\r\nUNSUB\t 1\r\nPUB a 1\r\nz\r\nPING\r\n");

        await client.ExpectMsgAsync("a", "1", "x", reply: "r");
        await client.ExpectMsgAsync("b", "2", "y");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Trailing_whitespace_in_a_control_line_is_ignored(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB t 1 \t \r\nPUB t 1  \r\nx\r\nPUB t 0 \r\n\r\nPING\r\n");

        await client.ExpectMsgAsync("t", "1", "x");
        await client.ExpectMsgAsync("t", "1", "");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_bare_LF_ends_a_control_line(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB n 1\nPUB n 1\nx\r\nPING\n");

        await client.ExpectMsgAsync("n", "1", "x");
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Subjects_are_case_sensitive(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB Case 1\r\nPUB case 1\r\nx\r\nPUB Case 1\r\ny\r\nPING\r\n");

        await client.ExpectMsgAsync("Case", "1", "y");
        await client.ExpectLineAsync("PONG");
    }
}

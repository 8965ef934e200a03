namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>max_control_line</c> (512 here). nats-server measures the arguments of the line (what follows
/// the operation name and its separator, without the CRLF): 512 bytes of arguments pass, 513 get
/// <c>-ERR 'maximum control line exceeded'</c> and a close. A line still unterminated when it
/// exceeds the limit is refused without waiting for its end.
/// </summary>
public sealed class MaxControlLineTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = "max_control_line: 512";

    /// <summary>A subject that makes "subject rest" exactly <paramref name="argumentLength"/> bytes.</summary>
    private static string Subject(int argumentLength, string rest) => new('s', argumentLength - 1 - rest.Length);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task PUB_and_SUB_lines_with_arguments_of_exactly_the_limit_are_accepted(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();
        var subject = Subject(512, "1");

        await client.SendAsync($"SUB {subject} 1\r\nPUB {subject} 1\r\nx\r\n");

        await client.ExpectMsgAsync(subject, "1", "x");
        await client.ExpectOpenAsync();
    }

    public static TheoryData<ServerKind, string> OverLimit => Servers.Cross(
        $"PUB {Subject(513, "1")} 1\r\n",
        $"SUB {Subject(513, "1")} 1\r\n",
        $"PUB {Subject(2000, "1")} 1\r\n",
        $"CONNECT {{\"verbose\":false,\"name\":\"{new string('n', 600)}\"}}\r\n");

    [Theory]
    [MemberData(nameof(OverLimit))]
    public async Task A_control_line_with_arguments_over_the_limit_gets_maximum_control_line_exceeded_and_is_closed(
        ServerKind kind, string line)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(line);

        await client.ExpectErrorAndCloseAsync("maximum control line exceeded");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_unterminated_control_line_over_the_limit_is_refused_before_its_end_arrives(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("PUB " + new string('u', 600)); // no CRLF, ever

        await client.ExpectErrorAndCloseAsync("maximum control line exceeded");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_long_payload_is_not_a_long_control_line(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync();
        var payload = new string('p', 5000);

        await client.SendAsync($"SUB p 1\r\nPUB p {payload.Length}\r\n{payload}\r\n");

        await client.ExpectMsgAsync("p", "1", payload);
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>
/// CONNECT under protocol tracing (<c>trace: true</c>, as -V): a CONNECT with a duplicate key is answered
/// as nats-server answers it (Go's JSON keeps the last value), the trace never shows the password, and a
/// flood of such connections leaves a few lines each in the log, not a stack trace.
/// </summary>
public sealed class TraceRedactionTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        trace: true
        authorization { user: u, password: "right-pw" }
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task With_a_duplicate_pass_the_last_one_counts(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("""CONNECT {"verbose":false,"pedantic":false,"user":"u","pass":"wrong-pw","pass":"right-pw"}""" + "\r\nPING\r\n");
        await client.ExpectLineAsync("PONG", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_duplicate_pass_ending_wrong_gets_Authorization_Violation(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectAsync();
        await client.SendAsync("""CONNECT {"verbose":false,"pedantic":false,"user":"u","pass":"right-pw","pass":"wrong-pw"}""" + "\r\nPING\r\n");
        await client.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_CONNECT_without_a_blank_before_its_JSON_is_a_CONNECT_and_its_password_is_hidden(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        var mark = server.OutputMark;
        await using var client = await server.ConnectAsync();
        await client.SendAsync("""CONNECT{"verbose":false,"pedantic":false,"user":"u","pass":"right-pw","name":"no-blank"}""" + "\r\nPING\r\n");
        await client.ExpectLineAsync("PONG", Bound);
        await server.WaitForOutputAsync("no-blank", mark, Bound);
        Assert.DoesNotContain(server.OutputSince(mark), l => l.Contains("right-pw", StringComparison.Ordinal));
    }

    /// <summary>CONNECTs the old redaction threw on (the first is the one of the report).</summary>
    public static TheoryData<ServerKind, string> Hostile => Servers.Cross(
        """{"pass":"right-pw","pass":"wrong-pw"}""",
        """{"verbose":false,"pedantic":false,"\ud800":1,"pass":"right-pw"}""");

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_flood_of_hostile_CONNECTs_is_answered_and_logs_little(ServerKind kind, string connect)
    {
        const int connections = 20;
        var server = await pool.GetAsync(kind, Config);
        var mark = server.OutputMark;
        for (var i = 0; i < connections; i++)
        {
            await using var client = await server.ConnectAsync();
            await client.SendAsync($"CONNECT {connect}\r\nPING\r\n");
            await client.ExpectErrorAndCloseAsync("Authorization Violation", Bound);
        }
        // A last, good connection marks the end of the flood's output in the log.
        await using (var last = await server.ConnectAsync())
            await last.HandshakeAsync("""{"verbose":false,"pedantic":false,"user":"u","pass":"right-pw","name":"end-of-flood"}""");
        await server.WaitForOutputAsync("end-of-flood", mark, Bound);

        var lines = server.OutputSince(mark);
        var text = string.Join('\n', lines);
        // nats-server 2.9.10 hides only the first "pass" of a CONNECT; WebBroker hides every one.
        if (kind == ServerKind.WebBroker) Assert.DoesNotContain("wrong-pw", text);
        Assert.DoesNotContain("right-pw", text);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        // A few lines of about 150 bytes each per refused connection; a stack trace alone is 2 KB or more.
        Assert.True(text.Length < (connections + 1) * 1000, $"{text.Length} bytes logged for {connections + 1} connections:\n{text[..Math.Min(text.Length, 3000)]}");
    }
}

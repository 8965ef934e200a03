namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>"no_responders":true</c> (which requires <c>"headers":true</c>): a request to a subject nobody
/// subscribes to is answered at once with a header-only status message on the reply subject,
/// sent only to the requesting connection's own subscription on it, queued before the PONG of a
/// PING that follows the request. nats-server 2.9.10's exact bytes are
/// <c>HMSG &lt;reply&gt; &lt;sid&gt; 16 16\r\nNATS/1.0 503\r\n\r\n\r\n</c>; the tests check the
/// shape (status line 503, no payload) so that extra headers remain possible.
/// </summary>
public sealed class NoRespondersTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string NoResponders = """{"verbose":false,"pedantic":false,"headers":true,"no_responders":true}""";
    private const string HeadersOnly = """{"verbose":false,"pedantic":false,"headers":true}""";

    public static TheoryData<ServerKind, string> Requests => Servers.Cross("", "request body");

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_nobody_listens_to_gets_an_HMSG_with_status_503_on_its_reply_subject(ServerKind kind, string body)
    {
        var server = await pool.GetAsync(kind);
        await using var requester = await server.ConnectReadyAsync(NoResponders);

        await requester.SendAsync($"SUB _INBOX.x 1\r\nPUB nobody _INBOX.x {body.Length}\r\n{body}\r\nPING\r\n");

        AssertNoResponders(await requester.ReadMsgAsync(), "_INBOX.x", "1");
        await requester.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_request_with_a_responder_gets_no_503(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var requester = await server.ConnectReadyAsync(NoResponders);

        await requester.SendAsync("SUB svc 5\r\nSUB _INBOX.y 6\r\nPUB svc _INBOX.y 1\r\nx\r\nPING\r\n");

        await requester.ExpectMsgAsync("svc", "5", "x", reply: "_INBOX.y");
        await requester.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_queue_group_member_counts_as_a_responder(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var requester = await server.ConnectReadyAsync(NoResponders);

        await requester.SendAsync("SUB qsvc workers 5\r\nSUB _INBOX.q 6\r\nPUB qsvc _INBOX.q 1\r\nx\r\nPING\r\n");

        await requester.ExpectMsgAsync("qsvc", "5", "x", reply: "_INBOX.q");
        await requester.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Without_no_responders_an_unanswered_request_gets_nothing(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var requester = await server.ConnectReadyAsync(HeadersOnly);

        await requester.SendAsync("SUB _INBOX.z 1\r\nPUB nobody _INBOX.z 0\r\n\r\nPING\r\n");

        await requester.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_publish_without_a_reply_subject_gets_no_503(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var requester = await server.ConnectReadyAsync(NoResponders);

        await requester.SendAsync("PUB nobody 0\r\n\r\nPING\r\n");

        await requester.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_503_goes_only_to_the_requester_not_to_others_subscribed_to_the_reply_subject(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var other = await server.ConnectReadyAsync(HeadersOnly);
        await other.SendAsync("SUB _INBOX.shared 9\r\nPING\r\n");
        await other.ExpectLineAsync("PONG");
        await using var requester = await server.ConnectReadyAsync(NoResponders);

        await requester.SendAsync("SUB _INBOX.shared 1\r\nPUB nobody _INBOX.shared 0\r\n\r\nPING\r\n");
        AssertNoResponders(await requester.ReadMsgAsync(), "_INBOX.shared", "1");
        await requester.ExpectLineAsync("PONG");

        // A message published to the reply subject afterwards is the first thing the other one sees.
        await requester.SendAsync("PUB _INBOX.shared 4\r\nnext\r\n");
        await other.ExpectMsgAsync("_INBOX.shared", "9", "next");
    }

    /// <summary>An HMSG on the reply subject whose header block opens with status 503 and which has no payload.</summary>
    private static void AssertNoResponders(Msg msg, string reply, string sid)
    {
        Assert.Equal((reply, sid, (string?)null), (msg.Subject, msg.Sid, msg.Reply));
        Assert.NotNull(msg.Headers);
        Assert.EndsWith("\r\n\r\n", msg.Headers);
        var statusLine = msg.Headers[..msg.Headers.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.True(statusLine == "NATS/1.0 503" || statusLine.StartsWith("NATS/1.0 503 ", StringComparison.Ordinal),
            $"status line '{statusLine}'");
        Assert.Equal("", msg.Payload);
    }
}

using System.Text;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Protocol;

/// <summary>The engine driven through in-memory pipes: parser splits (each part read on its own, explicitly
/// segmented) and routing, without sockets.</summary>
public class InProcessProtocolTests
{
    private static NatsServer NewServer() => new(new ServerOptions { MaxPayload = 4096 });

    [Fact]
    public async Task A_pub_fed_one_byte_at_a_time_is_delivered_once()
    {
        var server = NewServer();
        await using var c = new InMemoryConnection(server, segmented: true);
        await c.SendAsync("SUB foo.* 7\r\nPING\r\n");
        await c.ReadUntilAsync("PONG\r\n");
        c.Clear();
        foreach (var b in Encoding.UTF8.GetBytes("PUB foo.bar reply.to 5\r\nhello\r\nPING\r\n"))
            await c.SendAsync(new[] { b });
        var got = await c.ReadUntilAsync("PONG\r\n");
        Assert.Equal("MSG foo.bar 7 reply.to 5\r\nhello\r\nPONG\r\n", got);
    }

    [Fact]
    public async Task Every_split_of_a_pub_delivers_the_same_message()
    {
        var server = NewServer();
        await using var c = new InMemoryConnection(server, segmented: true);
        await c.SendAsync("SUB s 1\r\nPING\r\n");
        await c.ReadUntilAsync("PONG\r\n");
        var op = Encoding.UTF8.GetBytes("PUB s 11\r\nhello world\r\n");
        for (var cut = 0; cut <= op.Length; cut++)
        {
            c.Clear();
            await c.SendAsync(op.AsMemory(0, cut));
            await c.SendAsync(op.AsMemory(cut));
            await c.SendAsync("PING\r\n");
            Assert.Equal("MSG s 1 11\r\nhello world\r\nPONG\r\n", await c.ReadUntilAsync("PONG\r\n"));
        }
    }

    [Fact]
    public async Task Headers_pass_through_in_hmsg()
    {
        var server = NewServer();
        await using var c = new InMemoryConnection(server);
        await c.SendAsync("CONNECT {\"headers\":true,\"verbose\":false}\r\nSUB h 2\r\n");
        await c.SendAsync("HPUB h 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\nPING\r\n");
        Assert.Contains("HMSG h 2 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n", await c.ReadUntilAsync("PONG\r\n"));
    }

    [Fact]
    public async Task Queue_group_members_share_messages_and_plain_subscribers_get_all()
    {
        var server = NewServer();
        await using var plain = new InMemoryConnection(server);
        await using var q1 = new InMemoryConnection(server);
        await using var q2 = new InMemoryConnection(server);
        await plain.SendAsync("SUB w 1\r\nPING\r\n");
        await q1.SendAsync("SUB w grp 1\r\nPING\r\n");
        await q2.SendAsync("SUB w grp 1\r\nPING\r\n");
        await plain.ReadUntilAsync("PONG"); await q1.ReadUntilAsync("PONG"); await q2.ReadUntilAsync("PONG");
        await using var pub = new InMemoryConnection(server);
        var sb = new StringBuilder();
        for (var i = 0; i < 200; i++) sb.Append("PUB w 1\r\nx\r\n");
        sb.Append("PING\r\n");
        await pub.SendAsync(sb.ToString());
        await pub.ReadUntilAsync("PONG");
        foreach (var c in new[] { plain, q1, q2 }) await c.SendAsync("PING\r\n");
        static int Count(string s) => (s.Length - s.Replace("MSG ", "").Length) / 4;
        var all = Count(await plain.ReadUntilAsync("PONG\r\n", occurrences: 2));
        var a = Count(await q1.ReadUntilAsync("PONG\r\n", occurrences: 2));
        var b = Count(await q2.ReadUntilAsync("PONG\r\n", occurrences: 2));
        Assert.Equal(200, all);
        Assert.Equal(200, a + b);
        Assert.True(a > 0 && b > 0, $"spread {a}/{b}");
    }

    [Fact]
    public async Task Unsub_with_max_delivers_exactly_max()
    {
        var server = NewServer();
        await using var c = new InMemoryConnection(server);
        await c.SendAsync("SUB m 9\r\nUNSUB 9 3\r\n");
        for (var i = 0; i < 5; i++) await c.SendAsync("PUB m 1\r\nx\r\n");
        await c.SendAsync("PING\r\n");
        var got = await c.ReadUntilAsync("PONG");
        Assert.Equal(3, got.Split("MSG m 9 1").Length - 1);
        Assert.Equal(0, server.GlobalAccount.Sublist.Count);
    }

    [Fact]
    public async Task Without_connect_the_server_is_verbose_and_pedantic_like_nats_server()
    {
        var server = NewServer();
        await using var c = new InMemoryConnection(server, quietConnect: false);
        await c.SendAsync("SUB x 1\r\nPUB x.* 1\r\na\r\nPING\r\n");
        var got = await c.ReadUntilAsync("PONG\r\n");
        Assert.EndsWith("+OK\r\n-ERR 'Invalid Publish Subject'\r\n+OK\r\nPONG\r\n", got);
    }

    [Fact]
    public async Task A_subscriber_without_headers_support_gets_the_payload_alone()
    {
        var server = NewServer();
        await using var plain = new InMemoryConnection(server);
        await plain.SendAsync("SUB h 1\r\nPING\r\n");
        await plain.ReadUntilAsync("PONG");
        plain.Clear();
        await using var pub = new InMemoryConnection(server);
        await pub.SendAsync("CONNECT {\"headers\":true,\"verbose\":false}\r\nHPUB h 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n");
        await pub.ReadUntilAsync("PONG");
        await plain.SendAsync("PING\r\n");
        Assert.Equal("MSG h 1 2\r\nhi\r\nPONG\r\n", await plain.ReadUntilAsync("PONG\r\n"));
    }

    [Fact]
    public async Task A_closed_connection_leaves_no_subscription_and_no_client_behind()
    {
        var server = NewServer();
        var c = new InMemoryConnection(server);
        await c.SendAsync("SUB a 1\r\nSUB b q 2\r\nPING\r\n");
        await c.ReadUntilAsync("PONG");
        Assert.Equal(2, server.GlobalAccount.Sublist.Count);
        await c.DisposeAsync();
        Assert.Equal(0, server.GlobalAccount.Sublist.Count);
        Assert.Equal(0, server.ClientCount);
    }
}

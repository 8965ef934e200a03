using System.Text.Json.Nodes;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Security;

/// <summary>Limits from user and account JWTs, on the wire: subscriptions, payload, and the zero-limit
/// defaults nats-server reads when a token leaves a limit out.</summary>
public class JwtLimitsTests
{
    private readonly TestKey _operator = TestKey.Operator();
    private readonly TestKey _account = TestKey.Account();

    private NatsServer Server(JsonObject accountNats) => new(new ServerOptions
    {
        Operator = new OperatorOptions
        {
            OperatorJwts = [TestJwt.Issue(_operator, _operator.PublicKey, "operator")],
            Resolver = new ResolverOptions { Kind = ResolverKind.Memory },
            Preload = new() { [_account.PublicKey] = TestJwt.Issue(_operator, _account.PublicKey, "account", accountNats) },
        },
    });

    private static async Task<InMemoryConnection> Login(NatsServer server, string jwt, TestKey user)
    {
        var c = new InMemoryConnection(server, quietConnect: false);
        var info = await c.ReadUntilAsync("\r\n");
        await c.SendAsync(TestJwt.Connect(jwt, user, info));
        return c;
    }

    [Fact]
    public async Task The_user_subscription_limit_refuses_the_subscription_over_it_and_keeps_the_connection()
    {
        var server = Server(TestJwt.Unlimited());
        var user = TestKey.User();
        await using var c = await Login(server, TestJwt.Issue(_account, user.PublicKey, "user", new() { ["subs"] = 1, ["payload"] = -1, ["data"] = -1 }), user);
        await c.SendAsync("SUB a 1\r\nSUB b 2\r\nPING\r\n");
        var seen = await c.ReadUntilAsync("PONG");
        Assert.Contains("-ERR 'maximum subscriptions exceeded'", seen);
        await c.SendAsync("PUB a 2\r\nhi\r\nPING\r\n");
        Assert.Contains("MSG a 1 2", await c.ReadUntilAsync("PONG", occurrences: 2));
    }

    [Fact]
    public async Task The_account_payload_limit_closes_a_connection_that_publishes_more()
    {
        var limits = TestJwt.Unlimited();
        limits["limits"]!["payload"] = 4;
        var server = Server(limits);
        var user = TestKey.User();
        await using var c = await Login(server, TestJwt.Issue(_account, user.PublicKey, "user", new() { ["subs"] = -1, ["payload"] = -1, ["data"] = -1 }), user);
        await c.SendAsync("PING\r\n");
        // The lower limit is announced after the first PONG.
        Assert.Contains("\"max_payload\":4", await c.ReadUntilAsync("max_payload", occurrences: 2));
        await c.SendAsync("PUB a 10\r\n0123456789\r\n");
        Assert.Contains("-ERR 'Maximum Payload Violation'", await c.ReadToEndAsync());
    }

    [Fact]
    public async Task A_user_token_without_limits_may_not_subscribe_as_in_nats_server()
    {
        var server = Server(TestJwt.Unlimited());
        var user = TestKey.User();
        await using var c = await Login(server, TestJwt.Issue(_account, user.PublicKey, "user"), user);
        Assert.Contains("-ERR 'maximum subscriptions exceeded'", await c.ReadToEndAsync());
    }

    [Theory]
    [InlineData("192.0.2.0/24,198.51.100.7/32", false)]
    [InlineData("192.0.2.0/24, 127.0.0.0/8", true)]
    public async Task A_src_limit_written_as_one_comma_separated_string_applies(string src, bool allowed)
    {
        // nats-io/jwt reads src as an array or as one string of CIDRs separated by commas (the older form).
        var server = Server(TestJwt.Unlimited());
        var user = TestKey.User();
        await using var c = await Login(server, TestJwt.Issue(_account, user.PublicKey, "user",
            new() { ["subs"] = -1, ["payload"] = -1, ["data"] = -1, ["src"] = src }), user);
        await c.SendAsync("PING\r\n");
        if (allowed) Assert.Contains("PONG", await c.ReadUntilAsync("PONG"));
        else Assert.Contains("-ERR 'Authorization Violation'", await c.ReadToEndAsync());
    }
}

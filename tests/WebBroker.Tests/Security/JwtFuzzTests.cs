using System.Text;
using WebBroker.Broker.Security.Jwt;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Security;

/// <summary>
/// Operator mode under hostile input: thousands of damaged user JWTs and signatures (flipped characters,
/// swapped parts, forged headers, tokens of the wrong kind) are never accepted and never break the
/// server; a proper user still gets in after.
/// </summary>
public class JwtFuzzTests
{
    private readonly TestKey _operator = TestKey.Operator();
    private readonly TestKey _account = TestKey.Account();
    private readonly TestKey _user = TestKey.User();

    private NatsServer OperatorServer()
    {
        var operatorJwt = TestJwt.Issue(_operator, _operator.PublicKey, "operator");
        var accountJwt = TestJwt.Issue(_operator, _account.PublicKey, "account", TestJwt.Unlimited());
        return new NatsServer(new ServerOptions
        {
            Operator = new OperatorOptions
            {
                OperatorJwts = [operatorJwt],
                Resolver = new ResolverOptions { Kind = ResolverKind.Memory },
                Preload = new() { [_account.PublicKey] = accountJwt },
            },
        });
    }

    private static string Mutate(Random rng, string token)
    {
        var chars = token.ToCharArray();
        switch (rng.Next(5))
        {
            case 0: // flip characters anywhere
                for (var i = rng.Next(1, 4); i > 0; i--) chars[rng.Next(chars.Length)] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."[rng.Next(65)];
                return new string(chars);
            case 1: // truncate
                return token[..rng.Next(token.Length)];
            case 2: // reorder the parts
                var parts = token.Split('.');
                return string.Join('.', parts.OrderBy(_ => rng.Next()));
            case 3: // a forged header (alg none, v1)
                var rest = token[token.IndexOf('.')..];
                return TestJwt.Base64Url(Encoding.UTF8.GetBytes(rng.Next(2) == 0 ? """{"typ":"JWT","alg":"none"}""" : """{"typ":"JWT","alg":"ed25519"}""")) + rest;
            default: // claims replaced by other JSON, signature kept
                var p = token.Split('.');
                return $"{p[0]}.{TestJwt.Base64Url(Encoding.UTF8.GetBytes("""{"sub":"x","iss":"y","nats":{"type":"user"}}"""))}.{p[^1]}";
        }
    }

    [Fact]
    public async Task Damaged_user_jwts_are_never_accepted_and_the_server_carries_on()
    {
        var server = OperatorServer();
        var valid = TestJwt.Issue(_account, _user.PublicKey, "user", new() { ["subs"] = -1, ["payload"] = -1, ["data"] = -1 });
        var rng = new Random(20261122);
        for (var i = 0; i < 2000; i++)
        {
            var token = Mutate(rng, valid);
            // A flipped padding bit in base64's last character can leave the bytes unchanged: still the valid token.
            if (SameBytes(token, valid)) continue;
            await using var c = new InMemoryConnection(server, quietConnect: false);
            var info = await c.ReadUntilAsync("\r\n");
            var connect = TestJwt.Connect(token, _user, info);
            await c.SendAsync(connect + "PING\r\n");
            var received = await c.ReadToEndAsync();
            Assert.DoesNotContain("PONG", received);
        }
        // Tokens of the wrong kind, or issued by the user itself, or the operator directly.
        foreach (var wrong in new[]
        {
            TestJwt.Issue(_operator, _account.PublicKey, "account", TestJwt.Unlimited()),
            TestJwt.Issue(_operator, _user.PublicKey, "user"),
            TestJwt.Issue(_account, _user.PublicKey, "activation"),
        })
        {
            await using var c = new InMemoryConnection(server, quietConnect: false);
            var info = await c.ReadUntilAsync("\r\n");
            await c.SendAsync(TestJwt.Connect(wrong, _user, info) + "PING\r\n");
            Assert.Contains("-ERR 'Authorization Violation'", await c.ReadToEndAsync());
        }
        Assert.Equal(0, server.ClientCount);

        await using var proper = new InMemoryConnection(server, quietConnect: false);
        var properInfo = await proper.ReadUntilAsync("\r\n");
        await proper.SendAsync(TestJwt.Connect(valid, _user, properInfo) + "PING\r\n");
        await proper.ReadUntilAsync("PONG");
    }

    private static bool SameBytes(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        if (pa.Length != 3 || pb.Length != 3) return false;
        try
        {
            return pa.Zip(pb).All(p => JwtCodec.Base64Url(p.First).AsSpan().SequenceEqual(JwtCodec.Base64Url(p.Second)));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [Fact]
    public void Garbage_never_decodes()
    {
        var rng = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[rng.Next(0, 300)];
            rng.NextBytes(bytes);
            var text = Encoding.Latin1.GetString(bytes);
            Assert.Null(JwtCodec.DecodeVerified(text));
            Assert.Null(JwtCodec.DecodeVerified($"{TestJwt.Base64Url(bytes)}.{TestJwt.Base64Url(bytes)}.{TestJwt.Base64Url(bytes)}"));
        }
    }
}

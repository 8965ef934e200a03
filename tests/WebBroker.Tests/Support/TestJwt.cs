using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using WebBroker.Broker.Security;

namespace WebBroker.Tests.Support;

/// <summary>A key pair of one NKey role, able to sign (the engine only verifies; tests need to issue).</summary>
public sealed class TestKey
{
    private readonly Ed25519PrivateKeyParameters _private;

    public TestKey(byte prefix)
    {
        _private = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        PublicKey = NKeyEncoding.EncodePublicKey(prefix, _private.GeneratePublicKey().GetEncoded());
    }

    public string PublicKey { get; }

    public byte[] Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _private);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    public static TestKey Operator() => new(NKeyEncoding.PrefixOperator);
    public static TestKey Account() => new(NKeyEncoding.PrefixAccount);
    public static TestKey User() => new(NKeyEncoding.PrefixUser);
}

/// <summary>Issues NATS v2 JWTs (ed25519-nkey) for tests, in the layout the official libraries write.</summary>
public static class TestJwt
{
    public static string Issue(TestKey issuer, string subject, string type, JsonObject? nats = null, string name = "test",
        long? expires = null, long? issuedAt = null)
    {
        nats ??= [];
        nats["type"] = type;
        nats["version"] = 2;
        var claims = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = issuedAt ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["iss"] = issuer.PublicKey,
            ["name"] = name,
            ["sub"] = subject,
            ["nats"] = nats,
        };
        if (expires is { } exp) claims["exp"] = exp;
        var header = Base64Url(Encoding.UTF8.GetBytes("""{"typ":"JWT","alg":"ed25519-nkey"}"""));
        var body = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url(issuer.Sign(Encoding.ASCII.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    public static JsonObject Unlimited() => JsonNode.Parse("""{"limits":{"subs":-1,"data":-1,"payload":-1,"imports":-1,"exports":-1,"wildcards":true,"conn":-1,"leaf":-1}}""")!.AsObject();

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The CONNECT of a JWT user: the token and the INFO nonce signed by the user's key.</summary>
    public static string Connect(string jwt, TestKey user, string info)
    {
        var nonce = JsonDocument.Parse(info[(info.IndexOf('{'))..(info.LastIndexOf('}') + 1)]).RootElement.GetProperty("nonce").GetString()!;
        var sig = Base64Url(user.Sign(Encoding.ASCII.GetBytes(nonce)));
        return $$"""CONNECT {"verbose":false,"pedantic":false,"protocol":1,"jwt":"{{jwt}}","sig":"{{sig}}"}""" + "\r\n";
    }
}

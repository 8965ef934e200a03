using System.Text;
using System.Text.Json.Nodes;
using WebBroker.Broker.Security.Jwt;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Security;

/// <summary>Version 1 tokens read as nats-io/jwt reads them: the claims decide the version (a top-level
/// <c>type</c>), which decides what the signature covers and where the moved fields are.</summary>
public class JwtV1Tests
{
    private readonly TestKey _account = TestKey.Account();

    private static string Sign(TestKey issuer, JsonObject claims, string alg = "ed25519", bool overHeaderToo = false, string typ = "\"typ\":\"jwt\",")
    {
        claims["iss"] = issuer.PublicKey;
        claims["jti"] = Guid.NewGuid().ToString("N");
        claims["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = TestJwt.Base64Url(Encoding.UTF8.GetBytes($$"""{{{typ}}"alg":"{{alg}}"}"""));
        var body = TestJwt.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signed = overHeaderToo ? $"{header}.{body}" : body;
        return $"{header}.{body}.{TestJwt.Base64Url(issuer.Sign(Encoding.ASCII.GetBytes(signed)))}";
    }

    private JsonObject V1User(string user) => new()
    {
        ["sub"] = user, ["type"] = "user", ["tags"] = new JsonArray("a:b"), ["issuer_account"] = _account.PublicKey,
        ["nats"] = new JsonObject { ["pub"] = new JsonObject { ["allow"] = new JsonArray("x.>") }, ["allowed_connection_types"] = new JsonArray("MQTT") },
    };

    [Fact]
    public void A_version_1_user_keeps_type_tags_and_issuer_account_at_the_top_and_has_no_limits_it_does_not_set()
    {
        var user = UserClaims.From(JwtCodec.DecodeVerified(Sign(_account, V1User(TestKey.User().PublicKey))));
        Assert.NotNull(user);
        Assert.True(user.IsV1);
        Assert.Equal(_account.PublicKey, user.IssuerAccount);
        Assert.Equal(["a:b"], user.Tags);
        Assert.Equal((NatsClaims.NoLimit, NatsClaims.NoLimit, NatsClaims.NoLimit), (user.Subs, user.Payload, user.Data));
        Assert.Equal(["x.>"], user.Permissions!.Publish!.Allow);
        Assert.Empty(user.AllowedConnectionTypes); // a version 2 field, not migrated
    }

    [Fact]
    public void A_version_1_token_signed_over_header_and_claims_is_refused()
    {
        Assert.Null(JwtCodec.DecodeVerified(Sign(_account, V1User(TestKey.User().PublicKey), overHeaderToo: true)));
    }

    [Fact]
    public void The_claims_not_the_header_decide_the_version()
    {
        // Version 2 claims under the older algorithm name are signed the version 2 way, and accepted so.
        var v2 = new JsonObject { ["sub"] = TestKey.User().PublicKey, ["nats"] = new JsonObject { ["type"] = "user", ["version"] = 2 } };
        Assert.NotNull(UserClaims.From(JwtCodec.DecodeVerified(Sign(_account, v2, overHeaderToo: true))));
        Assert.Null(JwtCodec.DecodeVerified(Sign(_account, (JsonObject)v2.DeepClone())));
    }

    [Fact]
    public void A_token_of_a_newer_version_than_2_is_refused()
    {
        var v3 = new JsonObject { ["sub"] = TestKey.User().PublicKey, ["nats"] = new JsonObject { ["type"] = "user", ["version"] = 3 } };
        Assert.Null(JwtCodec.DecodeVerified(Sign(_account, v3, alg: "ed25519-nkey", overHeaderToo: true)));
    }

    [Fact]
    public void A_version_1_user_names_its_account_only_at_the_top_level()
    {
        var claims = V1User(TestKey.User().PublicKey);
        claims.Remove("issuer_account");
        claims["nats"]!["issuer_account"] = _account.PublicKey;
        Assert.Equal("", UserClaims.From(JwtCodec.DecodeVerified(Sign(_account, claims)))!.IssuerAccount);
    }

    [Fact]
    public void A_header_without_its_type_is_refused()
    {
        Assert.NotNull(JwtCodec.DecodeVerified(Sign(_account, V1User(TestKey.User().PublicKey))));
        Assert.Null(JwtCodec.DecodeVerified(Sign(_account, V1User(TestKey.User().PublicKey), typ: "")));
    }
}

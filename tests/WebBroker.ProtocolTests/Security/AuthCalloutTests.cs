namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>authorization { auth_callout {} }</c> is not supported: both servers refuse to start with it rather than
/// run without the access control it asks for (nats-server 2.9.10 does not know the field; WebBroker says so).
/// </summary>
public sealed class AuthCalloutTests
{
    private const string Config = """
        authorization {
          users: [ { user: a, password: pa } ]
          auth_callout { issuer: ABJHLOVMPA4CI6R5KLNGOB4GSLNIY7IOUPAJC4YFNDLQVIOBYQGUWVLA, auth_users: [ a ] }
        }
        """;

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_config_with_auth_callout_is_refused_at_startup(ServerKind kind)
    {
        var output = await ServerProcess.FailToStartAsync(kind, Config);
        Assert.Contains(kind == ServerKind.NatsServer ? "unknown field \"auth_callout\"" : "\"authorization.auth_callout\" is not yet supported", output);
        Assert.Contains("server.conf:3:", output);
    }
}

using WebBroker.Broker.Security.Jwt;

namespace WebBroker.Tests.Security;

/// <summary>What the URL resolver says about its address: failures are logged with the URL, never its password.</summary>
public class UrlAccountResolverTests
{
    [Fact]
    public void A_password_in_the_account_server_url_is_redacted()
    {
        var shown = UrlAccountResolver.Redacted("http://ops:s3cret@127.0.0.1:9090/jwt/v1/accounts/");
        Assert.DoesNotContain("s3cret", shown);
        Assert.Contains("ops:xxxxx@127.0.0.1:9090/jwt/v1/accounts/", shown);
    }

    [Fact]
    public void The_base_url_always_ends_in_a_slash()
    {
        using var resolver = new UrlAccountResolver("http://127.0.0.1:9090/jwt/v1/accounts");
        Assert.Equal("http://127.0.0.1:9090/jwt/v1/accounts/", resolver.BaseUrl);
    }
}

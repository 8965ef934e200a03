using System.Net;
using System.Net.Http.Headers;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Dashboard;

/// <summary><c>dashboard { protect_monitoring: true }</c> puts the monitoring JSON and /metrics behind the dashboard's
/// sign-in or a bearer token; off (the default) they stay open, as nats-server's are.</summary>
public class MonitoringProtectionTests
{
    private static readonly string[] Protected = ["/varz", "/connz?auth=1", "/subsz", "/accountz", "/metrics"];

    private static string Config(string extra) => $$"""
        dashboard {
          users: [ { user: ops, password: "ops-pw", role: viewer } ]
          {{extra}}
        }
        """;

    [Fact]
    public async Task Off_by_default_monitoring_is_open_to_anyone()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config(""), monitor: true);
        using var anyone = new DashboardClient(broker.HttpPort);
        foreach (var path in Protected)
            Assert.Equal(HttpStatusCode.OK, (await anyone.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task On_it_needs_the_token_or_a_signed_in_user()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config("protect_monitoring: true, monitoring_token: \"s3cret-scrape\""), monitor: true);
        using var anyone = new DashboardClient(broker.HttpPort);
        foreach (var path in Protected)
        {
            var refused = await anyone.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            Assert.DoesNotContain("server_id", await refused.Content.ReadAsStringAsync());

            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-scrapf");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.Http.SendAsync(wrong)).StatusCode);

            using var right = new HttpRequestMessage(HttpMethod.Get, path);
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-scrape");
            Assert.Equal(HttpStatusCode.OK, (await anyone.Http.SendAsync(right)).StatusCode);
        }
        // Health probes stay open: the answer is only ok or not.
        Assert.Equal(HttpStatusCode.OK, (await anyone.Http.GetAsync("/healthz")).StatusCode);

        // A browser is sent to sign in; once signed in, it reads the JSON.
        using var browser = new DashboardClient(broker.HttpPort);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/connz");
        page.Headers.Accept.ParseAdd("text/html");
        var toLogin = await browser.Http.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.StartsWith("/login", toLogin.Headers.Location!.PathAndQuery);
        Assert.Equal("/connz", await browser.SignInAsync("ops", "ops-pw", "/connz"));
        foreach (var path in Protected)
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(path)).StatusCode);
        // The token is no dashboard sign-in.
        using var tokenOnDashboard = new HttpRequestMessage(HttpMethod.Get, "/connections");
        tokenOnDashboard.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-scrape");
        Assert.NotEqual(HttpStatusCode.OK, (await anyone.Http.SendAsync(tokenOnDashboard)).StatusCode);
    }
}

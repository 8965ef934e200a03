using System.Net;
using System.Text.RegularExpressions;
using WebBroker.Broker.Security;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Dashboard;

/// <summary>Who gets into the dashboard: configured users with plain or bcrypt passwords, by cookie sign-in.</summary>
public partial class DashboardAccessTests
{
    // The OpenBSD bcrypt test vector: password "U*U" with cost 5 and salt "CCC...".
    private const string BcryptOfUStarU = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    [Theory]
    [InlineData("plain-secret", "plain-secret", true)]
    [InlineData("plain-secret", "plain-secreT", false)]
    [InlineData(BcryptOfUStarU, "U*U", true)]
    [InlineData(BcryptOfUStarU, "U*V", false)]
    [InlineData("$2a$05$broken", "x", false)]
    public void Passwords_are_checked_plain_or_as_bcrypt(string stored, string given, bool matches) =>
        Assert.Equal(matches, PasswordCheck.Matches(stored, given));

    private const string Config = $$"""
        dashboard {
          users: [
            { user: admin, password: "adm1n", role: admin }
            { user: ops, password: "{{BcryptOfUStarU}}", role: viewer }
          ]
        }
        """;

    [Fact]
    public async Task An_unauthenticated_request_is_sent_to_login_and_a_right_password_gets_in()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };

        var first = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/login", first.Headers.Location!.PathAndQuery);

        Assert.Equal("/login?failed=1", (await SignInAsync(http, "ops", "wrong")).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/")).StatusCode);

        Assert.Equal("/", (await SignInAsync(http, "ops", "U*U")).PathAndQuery);
        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("WebBroker", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_login_without_the_antiforgery_token_is_refused()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["password"] = "adm1n" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Without_configured_users_localhost_gets_in_and_the_login_page_says_why()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Contains("only requests from this machine", await http.GetStringAsync("/login"));
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/connections\r\nX-Injected: 1")]
    [InlineData("/\n")]
    [InlineData("//evil.example")]
    [InlineData("http://evil.example/")]
    public async Task A_return_url_with_control_characters_or_off_site_goes_home(string returnUrl)
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        using var client = new DashboardClient(broker.HttpPort);
        Assert.Equal("/", await client.SignInAsync("admin", "adm1n", returnUrl));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_local_return_url_is_followed()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        using var client = new DashboardClient(broker.HttpPort);
        Assert.Equal("/connections?x=1", await client.SignInAsync("admin", "adm1n", "/connections?x=1"));
    }

    private static async Task<Uri> SignInAsync(HttpClient http, string user, string password)
    {
        var form = await http.GetStringAsync("/login");
        var token = Token().Match(form).Groups[1].Value;
        var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["user"] = user, ["password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(new Uri("http://x"), response.Headers.Location!);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

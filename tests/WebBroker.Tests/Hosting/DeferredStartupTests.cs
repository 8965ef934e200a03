using System.Net;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Hosting;

/// <summary>What the broker leaves for its first HTTP request instead of doing at start (issue 11, finding 13:
/// the idle memory): the HTTP endpoints, the antiforgery middleware, the Data Protection key ring and with it
/// OpenSSL. The first request must still find everything in place.</summary>
public class DeferredStartupTests
{
    private const string Users = """dashboard { users: [ { user: admin, password: "admin-pw", role: admin } ] }""";

    private static string KeyDirectory(ServerProcess broker) => Path.Combine(broker.WorkDirectory, "data", "dashboard-keys");

    private static bool LoadedOpenSsl(ServerProcess broker) =>
        File.ReadAllText($"/proc/{broker.Pid}/maps").Contains("libcrypto", StringComparison.Ordinal);

    [Fact]
    public async Task The_key_ring_and_OpenSSL_wait_for_the_first_form_and_monitoring_does_not_bring_them()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Users, monitor: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };

        // The very first request is routed (the endpoints are built for it) and needs no key.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/varz")).StatusCode);
        Assert.Empty(Directory.Exists(KeyDirectory(broker)) ? Directory.GetFiles(KeyDirectory(broker), "key-*.xml") : []);
        if (OperatingSystem.IsLinux()) Assert.False(LoadedOpenSsl(broker), "OpenSSL was loaded without TLS, NKeys or a dashboard form");

        // The sign-in page carries an antiforgery token: the ring is made then, and kept on disk as before.
        var login = await http.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("__RequestVerificationToken", await login.Content.ReadAsStringAsync());
        Assert.NotEmpty(Directory.GetFiles(KeyDirectory(broker), "key-*.xml"));
    }

    [Fact]
    public async Task A_form_posted_as_the_first_request_is_still_checked_for_its_antiforgery_token()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Users, monitor: true);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["password"] = "admin-pw" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}

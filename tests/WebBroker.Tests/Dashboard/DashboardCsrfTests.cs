using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Dashboard;

/// <summary>The attacker's side of the dashboard's state-changing requests, over raw HTTP: a page of another site
/// posting to it (Origin), a post without the antiforgery token, and DNS rebinding (a foreign Host) in local-only
/// mode, where no cookie is needed at all.</summary>
public class DashboardCsrfTests
{
    private const string Users = """dashboard { users: [ { user: admin, password: "admin-pw", role: admin } ] }""";

    /// <summary>A NATS client that stays connected, and its cid as /connz reports it.</summary>
    private static async Task<(TcpClient Client, StreamReader Reader, long Cid)> ConnectClientAsync(ServerProcess broker, HttpClient http)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, broker.Port);
        var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        Assert.StartsWith("INFO ", await reader.ReadLineAsync());
        await client.GetStream().WriteAsync("CONNECT {\"name\":\"victim\",\"verbose\":false}\r\nPING\r\n"u8.ToArray());
        await ReadPongAsync(client, reader);
        using var connz = JsonDocument.Parse(await http.GetStringAsync("/connz"));
        var cid = connz.RootElement.GetProperty("connections").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "victim").GetProperty("cid").GetInt64();
        return (client, reader, cid);
    }

    private static async Task AssertStillConnectedAsync(TcpClient client, StreamReader reader)
    {
        await client.GetStream().WriteAsync("PING\r\n"u8.ToArray());
        await ReadPongAsync(client, reader);
    }

    /// <summary>Reads up to our PONG, answering the server's own PINGs (it sends an early one after CONNECT,
    /// which a slow machine can put before our PONG).</summary>
    private static async Task ReadPongAsync(TcpClient client, StreamReader reader)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (line == "PING") { await client.GetStream().WriteAsync("PONG\r\n"u8.ToArray()); continue; }
            Assert.Equal("PONG", line);
            return;
        }
    }

    private static FormUrlEncodedContent Form(string? token = null) =>
        new(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    [Fact]
    public async Task In_local_only_mode_a_cross_site_or_tokenless_disconnect_is_refused()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        using var attacker = new DashboardClient(broker.HttpPort);
        var (client, reader, cid) = await ConnectClientAsync(broker, attacker.Http);
        using var _ = client;

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/connections/{cid}/disconnect") { Content = Form() };
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await attacker.Http.SendAsync(crossSite)).StatusCode);

        using var crossSiteReferer = new HttpRequestMessage(HttpMethod.Post, $"/connections/{cid}/disconnect") { Content = Form() };
        crossSiteReferer.Headers.Referrer = new Uri("http://evil.example/page");
        Assert.Equal(HttpStatusCode.Forbidden, (await attacker.Http.SendAsync(crossSiteReferer)).StatusCode);

        // Same origin, or none at all (not a browser): still no token, still refused. (The dashboard's own form,
        // with its token, is proven in the browser tests and with an admin cookie below.)
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, $"/connections/{cid}/disconnect") { Content = Form() };
        sameOrigin.Headers.Add("Origin", $"http://127.0.0.1:{broker.HttpPort}");
        Assert.Equal(HttpStatusCode.BadRequest, (await attacker.Http.SendAsync(sameOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await attacker.Http.PostAsync($"/connections/{cid}/disconnect", Form())).StatusCode);
        await AssertStillConnectedAsync(client, reader);
    }

    [Fact]
    public async Task In_local_only_mode_only_a_local_host_name_is_answered()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        using var http = new DashboardClient(broker.HttpPort);
        async Task<HttpStatusCode> GetWithHost(string path, string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            return (await http.Http.SendAsync(request)).StatusCode;
        }
        // DNS rebinding: the attacker's name resolves to 127.0.0.1, the Host header still says it.
        Assert.Equal(HttpStatusCode.BadRequest, await GetWithHost("/", $"rebind.evil.example:{broker.HttpPort}"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetWithHost("/connections", "evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetWithHost("/", $"127.0.0.1.nip.example:{broker.HttpPort}"));
        foreach (var host in new[] { "localhost", "127.0.0.1", "[::1]" })
            Assert.Equal(HttpStatusCode.OK, await GetWithHost("/", $"{host}:{broker.HttpPort}"));
        // Any port: an SSH tunnel (ssh -L 9000:localhost:8222) arrives as localhost:9000.
        Assert.Equal(HttpStatusCode.OK, await GetWithHost("/", "localhost:9000"));
        // Monitoring stays nats-server's: any Host.
        Assert.Equal(HttpStatusCode.OK, await GetWithHost("/varz", $"monitor.example:{broker.HttpPort}"));
    }

    [Fact]
    public async Task With_an_admin_cookie_a_cross_site_or_tokenless_post_is_refused()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Users, monitor: true);
        using var admin = new DashboardClient(broker.HttpPort);
        Assert.Equal("/", await admin.SignInAsync("admin", "admin-pw"));
        var (client, reader, cid) = await ConnectClientAsync(broker, admin.Http);
        using var _ = client;
        var token = await admin.TokenAsync("/connections");

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/connections/{cid}/disconnect") { Content = Form(token) };
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.SendAsync(crossSite)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.PostAsync($"/connections/{cid}/disconnect", Form())).StatusCode);
        await AssertStillConnectedAsync(client, reader);

        // Sign-out without the token does not sign out either; sign-in from another origin is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.PostAsync("/logout", Form())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/connections")).StatusCode);
        using var crossSiteLogin = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = await admin.TokenAsync(), ["user"] = "admin", ["password"] = "admin-pw" }),
        };
        crossSiteLogin.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.SendAsync(crossSiteLogin)).StatusCode);

        var done = await admin.Http.PostAsync($"/connections/{cid}/disconnect", Form(token));
        Assert.Contains("disconnected=1", done.Headers.Location!.OriginalString);
    }
}

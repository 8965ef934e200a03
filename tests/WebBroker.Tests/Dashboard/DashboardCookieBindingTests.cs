using System.Net;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Dashboard;

/// <summary>A dashboard cookie is bound to this instance (its own key ring under its data directory) and to the
/// configured user as signed in (role and password: the security stamp), re-checked on every request.</summary>
public class DashboardCookieBindingTests
{
    private const string Users = """
        dashboard {
          users: [
            { user: root, password: "root-pw", role: admin }
            { user: admin, password: "admin-pw", role: admin }
            { user: ops, password: "ops-pw", role: admin }
          ]
        }
        """;

    [Fact]
    public async Task A_cookie_minted_by_another_instance_is_refused()
    {
        await using var first = await ServerProcess.StartAsync(ServerKind.WebBroker, Users, monitor: true);
        await using var second = await ServerProcess.StartAsync(ServerKind.WebBroker, Users, monitor: true);
        using var atSecond = new DashboardClient(second.HttpPort);
        Assert.Equal("/", await atSecond.SignInAsync("admin", "admin-pw"));
        Assert.Equal(HttpStatusCode.OK, (await atSecond.Http.GetAsync("/")).StatusCode);

        // The same cookie, on the first instance (same host, same users): not a session there.
        using var atFirst = new DashboardClient(first.HttpPort);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", atSecond.SessionCookie(second.HttpPort));
        var response = await atFirst.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);

        // Each keeps its ring under its own data directory.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(second.WorkDirectory, "data", "dashboard-keys"), "key-*.xml"));
    }

    [Fact]
    public async Task A_removed_or_demoted_user_loses_access_at_once_after_reload()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Users, monitor: true);
        using var admin = new DashboardClient(broker.HttpPort);
        using var ops = new DashboardClient(broker.HttpPort);
        using var root = new DashboardClient(broker.HttpPort);
        await admin.SignInAsync("admin", "admin-pw");
        await ops.SignInAsync("ops", "ops-pw");
        await root.SignInAsync("root", "root-pw");
        foreach (var c in new[] { admin, ops, root }) Assert.Equal(HttpStatusCode.OK, (await c.Http.GetAsync("/connections")).StatusCode);

        // admin removed, ops demoted to viewer, root unchanged.
        await broker.ReloadAsync("""
            dashboard {
              users: [
                { user: root, password: "root-pw", role: admin }
                { user: ops, password: "ops-pw", role: viewer }
              ]
            }
            """);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.Http.GetAsync("/connections")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ops.Http.GetAsync("/connections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await root.Http.GetAsync("/connections")).StatusCode);

        // Signed in again, ops is a viewer now: the admin action is refused.
        Assert.Equal("/", await ops.SignInAsync("ops", "ops-pw"));
        Assert.Equal(HttpStatusCode.OK, (await ops.Http.GetAsync("/connections")).StatusCode);
        var token = await ops.TokenAsync("/connections");
        var disconnect = await ops.Http.PostAsync("/connections/1/disconnect",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, disconnect.StatusCode);
        Assert.StartsWith("/login", disconnect.Headers.Location!.PathAndQuery);
        // And a removed user cannot sign in at all.
        Assert.Equal("/login?failed=1", await admin.SignInAsync("admin", "admin-pw"));
    }
}

using WebBroker.Tests.Support;

namespace WebBroker.Tests.Dashboard;

/// <summary>Sign-in guessing is held back per user name and per client address (dashboard { login_* }): backoff after
/// each failure, lock-out after N failures in the window. Other addresses are other loopback sources (127.0.0.x).</summary>
public class DashboardSignInThrottleTests
{
    private const string Throttled = "/login?throttled=1";

    private static string Config(string throttle) => $$"""
        dashboard {
          users: [ { user: admin, password: "admin-pw", role: admin }, { user: ops, password: "ops-pw", role: viewer } ]
          {{throttle}}
        }
        """;

    [Fact]
    public async Task Failures_lock_out_the_user_from_anywhere_and_the_address_for_any_user()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config("login_max_failures: 3, login_failure_window: \"1h\", login_lockout: \"1h\", login_backoff: \"0s\""), monitor: true);
        using var guesser = new DashboardClient(broker.HttpPort, "127.0.0.1");
        using var elsewhere = new DashboardClient(broker.HttpPort, "127.0.0.2");
        using var sprayer = new DashboardClient(broker.HttpPort, "127.0.0.3");

        for (var i = 0; i < 3; i++) Assert.Equal("/login?failed=1", await guesser.SignInAsync("ops", $"guess-{i}"));
        // ops is locked out: even the right password, even from another address, is refused unchecked.
        Assert.Equal(Throttled, await guesser.SignInAsync("ops", "ops-pw"));
        Assert.Equal(Throttled, await elsewhere.SignInAsync("ops", "ops-pw"));
        Assert.DoesNotContain(elsewhere.Cookies.GetAllCookies(), c => c.Name == "webbroker.dashboard");
        // Another user from another address is not.
        Assert.Equal("/", await elsewhere.SignInAsync("admin", "admin-pw"));

        // One address guessing at many names is locked out for every name.
        for (var i = 0; i < 3; i++) Assert.Equal("/login?failed=1", await sprayer.SignInAsync($"nobody-{i}", "x"));
        Assert.Equal(Throttled, await sprayer.SignInAsync("admin", "admin-pw"));
        using var fresh = new DashboardClient(broker.HttpPort, "127.0.0.4");
        Assert.Equal("/", await fresh.SignInAsync("admin", "admin-pw"));
    }

    [Fact]
    public async Task After_a_second_failure_the_next_attempt_of_that_user_or_address_waits_its_backoff()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config("login_backoff: \"1h\", login_max_backoff: \"1h\", login_max_failures: 100"), monitor: true);
        using var first = new DashboardClient(broker.HttpPort, "127.0.0.1");
        using var second = new DashboardClient(broker.HttpPort, "127.0.0.2");
        Assert.Equal("/login?failed=1", await first.SignInAsync("ops", "typo"));   // one typo is free
        Assert.Equal("/login?failed=1", await first.SignInAsync("ops", "wrong"));
        Assert.Equal(Throttled, await first.SignInAsync("ops", "ops-pw"));   // same user, same address
        Assert.Equal(Throttled, await second.SignInAsync("ops", "ops-pw"));  // same user, elsewhere
        Assert.Equal(Throttled, await first.SignInAsync("admin", "admin-pw")); // same address, other user
        Assert.Equal("/", await second.SignInAsync("admin", "admin-pw"));
    }
}

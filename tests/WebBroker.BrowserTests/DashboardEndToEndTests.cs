using Microsoft.Playwright;
using WebBroker.Client;

namespace WebBroker.BrowserTests;

/// <summary>
/// The dashboard with configured users, end to end in Chromium: sign-in, every page live, an
/// authentication failure in Events, an admin disconnecting a client (which sees it), a viewer who
/// cannot, and a screenshot of every page checked not to be blank.
/// </summary>
public class DashboardEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 20_000 };

    private const string Config = """
        authorization { users: [ { user: app, password: apppw } ] }
        dashboard {
          users: [
            { user: admin, password: "adminpw", role: admin }
            { user: ops, password: "opspw", role: viewer }
          ]
        }
        """;

    internal static async Task SignInAsync(IPage page, int httpPort, string user, string password, string path = "/")
    {
        await page.GotoAsync($"http://127.0.0.1:{httpPort}{path}");
        // Unauthenticated: sent to the sign-in page, with the way back.
        Assert.Contains("/login", page.Url);
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-form] button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"), new() { Timeout = 20_000 });
    }

    /// <summary>Navigates and waits until the page runs on its circuit (clicks before that would be lost).</summary>
    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-testid=interactive]")).ToBeAttachedAsync(new() { Timeout = 20_000 });
    }

    private static async Task WaitForDetailAsync(IPage page)
    {
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/connections/\\d+"), new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=detail]")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator("[data-testid=interactive]")).ToBeAttachedAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task An_admin_sees_every_page_live_and_disconnects_a_client()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        var (natsPort, httpPort) = (broker.Port, broker.HttpPort);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
        var page = await browser.NewPageAsync();

        var login = await browser.NewPageAsync();
        await login.GotoAsync($"http://127.0.0.1:{httpPort}/login");
        await Screenshots.SaveAsync(login, "login");

        await SignInAsync(page, httpPort, "admin", "adminpw");
        await Assertions.Expect(page.Locator("[data-testid=server-name]")).Not.ToBeEmptyAsync(new() { Timeout = 20_000 });
        // Live: the uptime changes without a reload.
        var uptime = await page.Locator("[data-testid=uptime]").InnerTextAsync();
        await Assertions.Expect(page.Locator("[data-testid=uptime]")).Not.ToHaveTextAsync(uptime, new() { Timeout = 20_000 });
        await Screenshots.SaveAsync(page, "overview");

        await OpenAsync(page, $"http://127.0.0.1:{httpPort}/connections");
        await using var client = await NatsConnection.ConnectAsync("127.0.0.1", natsPort, new NatsClientOptions { Name = "e2e-target", User = "app", Password = "apppw" });
        var subscription = await client.SubscribeAsync("orders.new");
        var row = page.Locator("[data-testid=connections] tr", new() { HasText = "e2e-target" });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await page.FillAsync("[data-testid=filter]", "orders.new"); // by subject
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Screenshots.SaveAsync(page, "connections");

        // An authentication failure reaches the Events page.
        await OpenAsync(page, $"http://127.0.0.1:{httpPort}/events");
        await Assertions.Expect(page.Locator("[data-testid=events], [data-testid=no-events]").First).ToBeVisibleAsync(Visible);
        // Refused by the server, not timed out: connecting ends in its -ERR.
        var refused = await Assert.ThrowsAsync<NatsClientException>(() =>
            NatsConnection.ConnectAsync("127.0.0.1", natsPort, new NatsClientOptions { Name = "intruder", User = "app", Password = "wrong" }));
        Assert.Contains("Authorization Violation", refused.Message);
        await Assertions.Expect(page.Locator("[data-testid=events] li[data-kind='auth error']").First).ToBeVisibleAsync(Visible);
        await Screenshots.SaveAsync(page, "events");

        await OpenAsync(page, $"http://127.0.0.1:{httpPort}/accounts");
        await Assertions.Expect(page.Locator("[data-testid=accounts] tr[data-account='$G']")).ToBeVisibleAsync(Visible);
        await page.ClickAsync("[data-testid=accounts] tr[data-account='$G']");
        await Assertions.Expect(page.Locator("[data-testid=account-detail]")).ToBeVisibleAsync(Visible);
        await Screenshots.SaveAsync(page, "accounts");

        await OpenAsync(page, $"http://127.0.0.1:{httpPort}/subscriptions");
        await page.FillAsync("[data-testid=subject]", "orders.new");
        await page.ClickAsync("[data-testid=search]");
        await Assertions.Expect(page.Locator("[data-testid=matches] tr", new() { HasText = "orders.new" })).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Screenshots.SaveAsync(page, "subscriptions");

        await OpenAsync(page, $"http://127.0.0.1:{httpPort}/topology");
        await Assertions.Expect(page.Locator("[data-testid=single-node]")).ToBeVisibleAsync(Visible);
        await Screenshots.SaveAsync(page, "topology");

        // Disconnect, with confirmation; the client sees its connection end.
        await OpenAsync(page, $"http://127.0.0.1:{httpPort}/connections");
        await page.Locator("[data-testid=connections] tr", new() { HasText = "e2e-target" }).Locator("a").ClickAsync();
        await WaitForDetailAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=state]")).ToHaveTextAsync("open", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=subscriptions]")).ToContainTextAsync("orders.new");
        await page.ClickAsync("[data-testid=disconnect]");
        await Screenshots.SaveAsync(page, "connection-detail");
        await page.ClickAsync("[data-testid=confirm-disconnect]");
        await Assertions.Expect(page.Locator("[data-testid=disconnected]")).ToBeVisibleAsync(Visible);
        await subscription.Messages.Completion.WaitAsync(Bound);
        Assert.True(client.IsClosed);
        await Assertions.Expect(page.Locator("[data-testid=state]")).ToContainTextAsync("closed", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task A_viewer_cannot_disconnect_and_a_wrong_password_is_refused()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, Config, monitor: true);
        var (natsPort, httpPort) = (broker.Port, broker.HttpPort);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{httpPort}/login");
        await page.FillAsync("#user", "ops");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=login-form] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=login-failed]")).ToBeVisibleAsync(Visible);

        await SignInAsync(page, httpPort, "ops", "opspw", "/connections");
        await using var client = await NatsConnection.ConnectAsync("127.0.0.1", natsPort, new NatsClientOptions { Name = "e2e-kept", User = "app", Password = "apppw" });
        await client.FlushAsync();
        var row = page.Locator("[data-testid=connections] tr", new() { HasText = "e2e-kept" });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        var cid = await row.GetAttributeAsync("data-cid");
        await row.Locator("a").ClickAsync();
        await WaitForDetailAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=state]")).ToHaveTextAsync("open", new() { Timeout = 20_000 });
        Assert.Equal(0, await page.Locator("[data-testid=disconnect]").CountAsync());

        // Posting the action directly (with the viewer's cookie) is refused on the server.
        var response = await page.APIRequest.PostAsync($"http://127.0.0.1:{httpPort}/connections/{cid}/disconnect",
            new() { MaxRedirects = 0 });
        Assert.NotEqual(200, response.Status);
        Assert.DoesNotContain("disconnected=1", response.Headers.GetValueOrDefault("location") ?? "");
        await client.FlushAsync(); // still connected
        Assert.False(client.IsClosed);
    }
}

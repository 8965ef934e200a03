using Microsoft.Playwright;

namespace WebBroker.BrowserTests;

/// <summary>A dashboard session ends its configured lifetime after sign-in (<c>dashboard { session: ... }</c>),
/// for new requests and for a page left open on its circuit alike.</summary>
public class DashboardSessionExpiryTests
{
    [Fact]
    public async Task After_the_session_lifetime_an_open_page_and_new_requests_go_back_to_sign_in()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, """
            dashboard { users: [ { user: ops, password: "ops-secret", role: viewer } ], session: "10s" }
            """, monitor: true);
        var httpPort = broker.HttpPort;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
        var page = await browser.NewPageAsync();
        await DashboardEndToEndTests.SignInAsync(page, httpPort, "ops", "ops-secret");
        await Assertions.Expect(page.Locator("[data-testid=interactive]")).ToBeAttachedAsync(new() { Timeout = 20_000 });

        // (The session must outlast the page's start: its circuit, too, needs a current session.)
        // Left open, the live page is re-checked (every 10 s) and sent to sign-in once the session is over.
        await page.WaitForURLAsync(url => url.Contains("/login"), new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-testid=login-form]")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // And a new request with the old cookie is not let in either.
        await page.GotoAsync($"http://127.0.0.1:{httpPort}/connections");
        Assert.Contains("/login", page.Url);
    }
}

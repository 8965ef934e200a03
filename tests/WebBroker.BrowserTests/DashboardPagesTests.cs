using Microsoft.Playwright;
using WebBroker.Client;

namespace WebBroker.BrowserTests;

/// <summary>The dashboard's live pages in headless Chromium, fed by the system account: a client that
/// connects shows up in Connections, and leaves it when it disconnects.</summary>
public class DashboardPagesTests
{
    [Fact]
    public async Task Overview_and_connections_follow_the_server_live()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        var (natsPort, httpPort) = (broker.Port, broker.HttpPort);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
        var page = await browser.NewPageAsync();
        var shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(shots);

        // No dashboard user configured: localhost gets in directly.
        await page.GotoAsync($"http://127.0.0.1:{httpPort}/");
        await Assertions.Expect(page.Locator("[data-testid=server-name]")).Not.ToBeEmptyAsync(new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "overview.png"), FullPage = true });

        await page.GotoAsync($"http://127.0.0.1:{httpPort}/connections");
        var client = await NatsConnection.ConnectAsync("127.0.0.1", natsPort, new NatsClientOptions { Name = "e2e-client" });
        var row = page.Locator("[data-testid=connections] tr", new() { HasText = "e2e-client" });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "connections.png"), FullPage = true });

        await client.DisposeAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        foreach (var shot in new[] { "overview.png", "connections.png" })
            Assert.True(new FileInfo(Path.Combine(shots, shot)).Length > 5_000, $"{shot} looks blank");
    }
}

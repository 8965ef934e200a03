using Microsoft.Playwright;
using WebBroker.Client;

namespace WebBroker.BrowserTests;

/// <summary>A burst of authentication failures shows on the Events page as a summary with its counts.</summary>
public class EventsAuthSummaryTests
{
    [Fact]
    public async Task A_burst_of_failures_appears_on_the_Events_page_as_a_summary()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, "authorization { users: [ { user: app, password: apppw } ] }\n", monitor: true);
        var (natsPort, httpPort) = (broker.Port, broker.HttpPort);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
        var page = await browser.NewPageAsync();
        // No dashboard users: the dashboard answers local requests without sign-in.
        await page.GotoAsync($"http://127.0.0.1:{httpPort}/events");
        await Assertions.Expect(page.Locator("[data-testid=interactive]")).ToBeAttachedAsync(new() { Timeout = 20_000 });

        // More failures than are logged one by one in a second, however the seconds fall.
        for (var i = 0; i < 40; i++)
            await Assert.ThrowsAnyAsync<Exception>(async () =>
                await (await NatsConnection.ConnectAsync("127.0.0.1", natsPort, new NatsClientOptions { Name = "guesser", User = "mallory", Password = $"guess{i}" })).FlushAsync());

        var summary = page.Locator("[data-testid=events] li[data-kind='auth summary']").First;
        await Assertions.Expect(summary).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(summary).ToContainTextAsync("\"mallory\"");
        await Assertions.Expect(summary).ToContainTextAsync("127.0.0.1");
    }
}

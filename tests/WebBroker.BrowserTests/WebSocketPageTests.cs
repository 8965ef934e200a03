using Microsoft.Playwright;
using WebBroker.Client;

namespace WebBroker.BrowserTests;

/// <summary>
/// A real page served by WebBroker's HTTP host, in headless Chromium (Debian's, driven by
/// Playwright): it connects over WebSocket, publishes, and shows what a TCP client publishes.
/// </summary>
public class WebSocketPageTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_demo_page_talks_to_a_tcp_client_both_ways()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        var (natsPort, httpPort) = (broker.Port, broker.HttpPort);
        await using var tcp = await NatsConnection.ConnectAsync("127.0.0.1", natsPort);
        await using var fromBrowser = await tcp.SubscribeAsync("demo.test.out");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(LaunchOptions);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{httpPort}/demo/websocket.html?subject=demo.test");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected", new() { Timeout = 20_000 });

        // Browser -> TCP
        await page.FillAsync("#text", "hello from chromium");
        await page.ClickAsync("#send button");
        var msg = await fromBrowser.Messages.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("hello from chromium", msg.Text);

        // TCP -> browser
        await tcp.PublishAsync("demo.test", "hello from tcp");
        await Assertions.Expect(page.Locator("#messages li")).ToHaveTextAsync("hello from tcp", new() { Timeout = 20_000 });

        var shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(shots);
        var file = Path.Combine(shots, "websocket-demo.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 5_000, "the screenshot looks blank");
    }

    /// <summary>A page of another origin opens ws:// to the HTTP port: refused by default, let in when
    /// <c>http_websocket { same_origin: false }</c> opens the port to any page (which shows that the browser
    /// itself lets the attempt through). The other origin is the same server under the name localhost: for
    /// the browser, http://localhost:P is not http://127.0.0.1:P.</summary>
    [Theory]
    [InlineData(null, "refused")]
    [InlineData("http_websocket { same_origin: false }", "open")]
    public async Task A_page_of_another_origin_opens_NATS_over_WebSocket_only_when_allowed(string? config, string expected)
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, config, monitor: true);
        var httpPort = broker.HttpPort;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(LaunchOptions);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://localhost:{httpPort}/demo/websocket.html?subject=elsewhere");
        var outcome = await page.EvaluateAsync<string>(
            "url => new Promise(resolve => { const ws = new WebSocket(url); ws.onopen = () => { ws.close(); resolve('open'); }; ws.onerror = () => resolve('refused'); })",
            $"ws://127.0.0.1:{httpPort}/");
        Assert.Equal(expected, outcome);
    }

    /// <summary>Debian's Chromium, headless, never a downloaded browser.</summary>
    internal static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    };
}

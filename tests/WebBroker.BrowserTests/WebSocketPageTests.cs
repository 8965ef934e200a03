using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WebBroker.Client;

namespace WebBroker.BrowserTests;

/// <summary>
/// A real page served by WebBroker's HTTP host, in headless Chromium (Debian's, driven by
/// Playwright): it connects over WebSocket, publishes, and shows what a TCP client publishes.
/// </summary>
public partial class WebSocketPageTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_demo_page_talks_to_a_tcp_client_both_ways()
    {
        var (broker, natsPort, httpPort) = await StartBrokerAsync();
        try
        {
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
        finally
        {
            broker.Kill(entireProcessTree: true);
            await broker.WaitForExitAsync();
        }
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
        var (broker, _, httpPort) = await StartBrokerAsync(config);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(LaunchOptions);
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"http://localhost:{httpPort}/demo/websocket.html?subject=elsewhere");
            var outcome = await page.EvaluateAsync<string>(
                "url => new Promise(resolve => { const ws = new WebSocket(url); ws.onopen = () => { ws.close(); resolve('open'); }; ws.onerror = () => resolve('refused'); })",
                $"ws://127.0.0.1:{httpPort}/");
            Assert.Equal(expected, outcome);
        }
        finally
        {
            broker.Kill(entireProcessTree: true);
            await broker.WaitForExitAsync();
        }
    }

    /// <summary>Debian's Chromium, headless, never a downloaded browser.</summary>
    internal static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    };

    /// <param name="config">Config file text, if any (written to a temporary file).</param>
    internal static async Task<(Process Broker, int NatsPort, int HttpPort)> StartBrokerAsync(string? config = null)
    {
        var dll = Environment.GetEnvironmentVariable("WEBBROKER_DLL") is { Length: > 0 } d ? d : FindDll();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "-a", "127.0.0.1", "-p", "-1", "-m", "-1" }) start.ArgumentList.Add(a);
        if (config is not null)
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("webbroker-browser-").FullName, "server.conf");
            await File.WriteAllTextAsync(file, config);
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(file);
        }
        var process = Process.Start(start)!;
        var nats = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var http = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line) return;
            if (HttpLine().Match(line) is { Success: true } h) http.TrySetResult(int.Parse(h.Groups[1].Value));
            if (NatsLine().Match(line) is { Success: true } n) nats.TrySetResult(int.Parse(n.Groups[1].Value));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, await nats.Task.WaitAsync(Bound), await http.Task.WaitAsync(Bound));
    }

    private static string FindDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebBroker.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("set WEBBROKER_DLL"), "src", "Web", "bin", "Release", "net10.0", "WebBroker.Web.dll");
    }

    [GeneratedRegex(@"Starting http monitor on \S+:(\d+)")]
    private static partial Regex HttpLine();

    [GeneratedRegex(@"Listening for client connections on \S+:(\d+)")]
    private static partial Regex NatsLine();
}

using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace WebBroker.BrowserTests;

/// <summary>
/// The soak (run by bench/dashboard-soak.sh, not by the test command): 2,000 connections and steady
/// pub/sub traffic for a minute, half of it with the Overview page open. It checks that the page keeps
/// updating and that traffic flows, and prints the message rate with and without the page; the rates are
/// reported, never asserted.
/// </summary>
public class DashboardSoakTests
{
    private const int IdleConnections = 2_000;
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Category", "Soak")]
    public async Task Two_thousand_connections_and_traffic_with_and_without_the_overview_open()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        var (natsPort, httpPort) = (broker.Port, broker.HttpPort);
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < IdleConnections; i++)
            {
                var c = new TcpClient();
                await c.ConnectAsync("127.0.0.1", natsPort);
                await c.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {{\"verbose\":false,\"name\":\"idle-{i}\"}}\r\n"));
                idle.Add(c);
            }
            using var traffic = new Traffic(natsPort);
            await traffic.StartAsync();

            await traffic.MeasureAsync(TimeSpan.FromSeconds(10)); // warm-up (JIT), not reported
            var without = await traffic.MeasureAsync(Phase);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"http://127.0.0.1:{httpPort}/");
            await Assertions.Expect(page.Locator("[data-testid=interactive]")).ToBeAttachedAsync(new() { Timeout = 20_000 });
            var updates = 0;
            var last = "";
            var measuring = traffic.MeasureAsync(Phase);
            while (!measuring.IsCompleted)
            {
                var uptime = await page.Locator("[data-testid=uptime]").InnerTextAsync();
                if (uptime != last) { updates++; last = uptime; }
                await Task.WhenAny(measuring, Task.Delay(500));
            }
            var with = await measuring;
            var connections = await page.Locator("[data-testid=connections]").InnerTextAsync();

            var report = $"dashboard soak: {IdleConnections:N0} idle connections + 1 pub/sub pair; " +
                $"delivered {without:N0} msg/s without the page, {with:N0} msg/s with the Overview open " +
                $"(ratio {with / without:0.00}); the page updated {updates} times in {Phase.TotalSeconds:0} s and showed {connections} connections";
            Console.WriteLine(report);
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dashboard-soak.txt"), report + "\n");
            Assert.True(without > 0 && with > 0, "traffic flowed");
            Assert.True(updates >= 5, $"the Overview kept updating ({updates} updates)");
        }
        finally
        {
            foreach (var c in idle) c.Dispose();
        }
    }

    /// <summary>One publisher sending 16-byte messages in acknowledged batches, one subscriber counting them.</summary>
    private sealed class Traffic(int port) : IDisposable
    {
        private const string Frame = "MSG soak 1 16\r\n0123456789abcdef\r\n";
        private readonly TcpClient _pub = new(), _sub = new();
        private readonly CancellationTokenSource _stop = new();
        private long _received;

        public async Task StartAsync()
        {
            await _sub.ConnectAsync("127.0.0.1", port);
            var sub = _sub.GetStream();
            await sub.WriteAsync(Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false}\r\nSUB soak 1\r\nPING\r\n"));
            await ReadUntilAsync(sub, "PONG");
            _ = CountAsync(sub);
            await _pub.ConnectAsync("127.0.0.1", port);
            _ = PublishAsync(_pub.GetStream());
        }

        public async Task<double> MeasureAsync(TimeSpan span)
        {
            var start = Interlocked.Read(ref _received);
            var watch = Stopwatch.StartNew();
            await Task.Delay(span);
            return (Interlocked.Read(ref _received) - start) / watch.Elapsed.TotalSeconds;
        }

        private async Task PublishAsync(NetworkStream stream)
        {
            var batch = Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false}\r\n" + string.Concat(Enumerable.Repeat("PUB soak 16\r\n0123456789abcdef\r\n", 1000)) + "PING\r\n");
            var pong = new byte[4096];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(batch, _stop.Token);
                    // One batch in flight: the PONG says the server has taken it.
                    var text = "";
                    while (!text.Contains("PONG")) text += Encoding.ASCII.GetString(pong, 0, await stream.ReadAsync(pong, _stop.Token));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }

        private async Task CountAsync(NetworkStream stream)
        {
            var buffer = new byte[256 * 1024];
            long bytes = 0;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0) break;
                    bytes += n;
                    Interlocked.Exchange(ref _received, bytes / Frame.Length);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }

        private static async Task ReadUntilAsync(NetworkStream stream, string text)
        {
            var buffer = new byte[4096];
            var seen = "";
            while (!seen.Contains(text)) seen += Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));
        }

        public void Dispose()
        {
            _stop.Cancel();
            _pub.Dispose();
            _sub.Dispose();
        }
    }
}

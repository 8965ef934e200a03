using WebBroker.Client;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Monitoring;

/// <summary>/metrics is valid Prometheus text and its counters follow the traffic a test sends.</summary>
public class MetricsTests
{
    [Fact]
    public async Task Counters_follow_the_traffic_sent()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        await using var sub = await NatsConnection.ConnectAsync("127.0.0.1", broker.Port);
        await using var pub = await NatsConnection.ConnectAsync("127.0.0.1", broker.Port);
        await using var subscription = await sub.SubscribeAsync("metrics.>");
        for (var i = 0; i < 10; i++) await pub.PublishAsync("metrics.tick", "12345678"); // 8 bytes each
        for (var i = 0; i < 10; i++) await subscription.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var response = await http.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var (types, samples) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        double Value(string name) => Assert.Single(samples, s => s.Name == name).Value;

        Assert.Equal(2, Value("webbroker_connections"));
        Assert.Equal(2, Value("webbroker_connections_total"));
        Assert.True(Value("webbroker_subscriptions") >= 1); // ours plus the client's request inbox, if any
        Assert.Equal(10, Value("webbroker_in_msgs_total"));
        Assert.Equal(80, Value("webbroker_in_bytes_total"));
        Assert.Equal(10, Value("webbroker_out_msgs_total"));
        Assert.Equal(80, Value("webbroker_out_bytes_total"));
        Assert.Equal(0, Value("webbroker_slow_consumers_total"));
        Assert.Equal(2, Assert.Single(samples, s => s.Name == "webbroker_account_connections" && s.Labels["account"] == "$G").Value);
        Assert.All(types.Where(t => t.Key.EndsWith("_total", StringComparison.Ordinal)), t => Assert.Equal("counter", t.Value));
    }
}

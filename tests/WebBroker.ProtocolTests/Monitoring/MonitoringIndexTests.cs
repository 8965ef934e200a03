using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebBroker.ProtocolTests;

/// <summary>
/// Monitoring: /connz pages open connections with offset and limit as nats-server does, and WebBroker's index at
/// /monitoring links every monitoring endpoint, each of which answers.
/// </summary>
public sealed partial class MonitoringIndexTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Connz_pages_open_connections_by_offset_and_limit(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, monitor: true);
        var clients = new List<RawClient>();
        try
        {
            foreach (var name in new[] { "first", "second", "third" })
                clients.Add(await server.ConnectReadyAsync($$"""{"verbose":false,"pedantic":false,"name":"{{name}}"}"""));
            var port = await server.HttpPortAsync();
            using var page = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{port}/connz?sort=cid&offset=1&limit=1"));
            var root = page.RootElement;
            Assert.Equal((3, 1, 1, 1), (root.GetProperty("total").GetInt32(), root.GetProperty("num_connections").GetInt32(),
                root.GetProperty("offset").GetInt32(), root.GetProperty("limit").GetInt32()));
            Assert.Equal("second", root.GetProperty("connections")[0].GetProperty("name").GetString());
            using var past = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{port}/connz?sort=cid&offset=5&limit=2"));
            Assert.Equal(0, past.RootElement.GetProperty("num_connections").GetInt32());
            Assert.Equal(3, past.RootElement.GetProperty("total").GetInt32());
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    [GeneratedRegex("href=\"?([^\" >]+)")]
    private static partial Regex Link();

    [Fact]
    public async Task The_monitoring_index_links_every_endpoint_and_each_answers()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        var port = await server.HttpPortAsync();
        using var response = await Http.GetAsync($"http://127.0.0.1:{port}/monitoring");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var links = Link().Matches(html).Select(m => m.Groups[1].Value).ToList();
        foreach (var endpoint in new[] { "varz", "connz", "subsz", "accountz", "accstatz", "routez", "gatewayz", "leafz", "jsz", "healthz" })
            Assert.Contains(links, l => l.TrimStart('.', '/').StartsWith(endpoint, StringComparison.Ordinal));
        foreach (var link in links.Where(l => !l.StartsWith("http", StringComparison.Ordinal)))
        {
            using var answer = await Http.GetAsync($"http://127.0.0.1:{port}/{link.TrimStart('.', '/')}");
            Assert.True(answer.IsSuccessStatusCode, $"{link}: {(int)answer.StatusCode}");
        }
    }
}

using System.Text.Json;
using WebBroker.Client;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Monitoring;

/// <summary>/connz remembers closed connections with why they ended, and sorts and pages them.</summary>
public class ClosedConnectionsTests
{
    [Fact]
    public async Task Closed_connections_are_listed_with_their_reason_and_counters()
    {
        await using var broker = await ServerProcess.StartAsync(ServerKind.WebBroker, "max_payload: 1024\n", monitor: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        var polite = await NatsConnection.ConnectAsync("127.0.0.1", broker.Port, new NatsClientOptions { Name = "polite" });
        await polite.PublishAsync("x", "12345");
        await polite.FlushAsync();
        await polite.DisposeAsync();
        var rude = await NatsConnection.ConnectAsync("127.0.0.1", broker.Port, new NatsClientOptions { Name = "rude" });
        var cut = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await rude.PublishAsync("x", new byte[2048]); // over max_payload: the server cuts it off
            await rude.FlushAsync();
        });
        // Refused for the payload and nothing else: the -ERR arrives before the hang-up (a write may fail first).
        Assert.True(cut is NatsClientException or IOException or System.Net.Sockets.SocketException, cut.ToString());
        var closedBy = DateTime.UtcNow.AddSeconds(10);
        while (!rude.IsClosed && DateTime.UtcNow < closedBy) await Task.Delay(20);
        Assert.Equal("Maximum Payload Violation", rude.LastError);
        await rude.DisposeAsync();

        JsonElement closed = default;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            closed = JsonDocument.Parse(await http.GetStringAsync("/connz?state=closed&sort=cid")).RootElement;
            if (closed.GetProperty("num_connections").GetInt32() >= 2) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        var byName = closed.GetProperty("connections").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Client Closed", byName["polite"].GetProperty("reason").GetString());
        Assert.Equal(1, byName["polite"].GetProperty("in_msgs").GetInt64());
        Assert.True(byName["polite"].TryGetProperty("stop", out _));
        Assert.Equal("Maximum Message Payload Exceeded", byName["rude"].GetProperty("reason").GetString());
        var paged = JsonDocument.Parse(await http.GetStringAsync("/connz?state=closed&sort=cid&offset=1&limit=1")).RootElement;
        Assert.Equal(("rude", 1, 2), (paged.GetProperty("connections")[0].GetProperty("name").GetString(),
            paged.GetProperty("num_connections").GetInt32(), paged.GetProperty("total").GetInt32()));
    }
}

using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>One nats-server config file, started by each server in turn: each listens where the file says
/// (its own random ports, -1) and /varz reports those ports and the same limits.</summary>
public sealed class ConfigFileVarzTests
{
    [Fact]
    public async Task The_same_config_file_gives_its_ports_and_the_same_limits_in_varz()
    {
        // Port -1: each server picks a free port itself (no port is chosen here, released and hoped for).
        const string config = """
            # both servers read this file as it is
            listen: 127.0.0.1:-1
            http: "127.0.0.1:-1"
            server_name: cfg_compare
            max_payload: 512KB
            max_connections: 100
            max_control_line: 2KB
            max_pending: 10MB
            ping_interval: "30s"
            ping_max: 3
            write_deadline: "5s"
            authorization { timeout: 3 }
            """;

        var answers = new List<JsonElement>();
        foreach (var kind in new[] { ServerKind.NatsServer, ServerKind.WebBroker })
        {
            await using var server = await ServerProcess.StartAsync(kind, config, portsFromConfig: true);
            var httpPort = await server.HttpPortAsync();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var varz = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{httpPort}/varz")).RootElement.Clone();
            Assert.Equal(server.Port, varz.GetProperty("port").GetInt32());
            answers.Add(varz);
        }
        var (nats, ours) = (answers[0], answers[1]);
        // Not http_port: nats-server reports it as configured (-1), WebBroker as listened on.
        foreach (var field in new[] { "server_name", "max_payload", "max_connections", "max_control_line",
                     "max_pending", "ping_interval", "ping_max", "write_deadline", "auth_timeout" })
            Assert.True(nats.GetProperty(field).ToString() == ours.GetProperty(field).ToString(),
                $"{field}: nats-server {nats.GetProperty(field)}, WebBroker {ours.GetProperty(field)}");
        Assert.Equal(512 * 1024, ours.GetProperty("max_payload").GetInt32());
    }
}

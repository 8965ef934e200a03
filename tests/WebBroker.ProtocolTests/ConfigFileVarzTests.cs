using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>One nats-server config file, started by each server in turn: the same ports are listened on
/// and /varz reports the same limits.</summary>
public sealed class ConfigFileVarzTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task The_same_config_file_gives_the_same_ports_and_limits_in_varz()
    {
        var (port, httpPort) = (FreePort(), FreePort());
        var config = $$"""
            # both servers read this file as it is
            listen: 127.0.0.1:{{port}}
            http: "127.0.0.1:{{httpPort}}"
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
            // One after the other: both take the same ports.
            await using var server = await ServerProcess.StartAsync(kind, config, portsFromConfig: true);
            Assert.Equal(port, server.Port);
            using var http = new HttpClient();
            var varz = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{httpPort}/varz")).RootElement.Clone();
            answers.Add(varz);
        }
        var (nats, ours) = (answers[0], answers[1]);
        foreach (var field in new[] { "port", "http_port", "server_name", "max_payload", "max_connections", "max_control_line",
                     "max_pending", "ping_interval", "ping_max", "write_deadline", "auth_timeout" })
            Assert.True(nats.GetProperty(field).ToString() == ours.GetProperty(field).ToString(),
                $"{field}: nats-server {nats.GetProperty(field)}, WebBroker {ours.GetProperty(field)}");
        Assert.Equal(port, ours.GetProperty("port").GetInt32());
        Assert.Equal(512 * 1024, ours.GetProperty("max_payload").GetInt32());
    }
}

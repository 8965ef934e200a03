using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Server;
using WebBroker.Web;
using WebBroker.Web.Listeners;

namespace WebBroker.Tests.Hosting;

/// <summary>The hosting API in process: options from every source, and a front door of a new kind plugged in
/// next to the NATS listener through <see cref="IListenerFactory"/>.</summary>
public class EmbeddingTests
{
    [Fact]
    public async Task A_registered_listener_is_bound_next_to_the_NATS_port_and_serves_its_connections()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Path.GetTempPath() });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WebBroker:Host"] = "127.0.0.1", ["WebBroker:Port"] = "-1", ["WebBroker:HttpPort"] = "0",
        });
        builder.Services.AddWebBroker(builder.Configuration, o =>
        {
            o.Dashboard = false;
            o.CommandLine = CommandLine.Parse(["-sd", Path.Combine(Path.GetTempPath(), $"webbroker-{Guid.NewGuid():N}")]);
        });
        builder.Services.AddBrokerListener<GreetingListener>();
        await using var app = builder.Build();
        app.MapWebBroker();
        await app.StartAsync(CancellationToken.None);
        try
        {
            var bound = app.Services.GetRequiredService<BoundListeners>();
            Assert.Equal(bound.Port(ListenerKind.Client), app.Services.GetRequiredService<NatsServer>().BoundPort);
            Assert.StartsWith("INFO {", await FirstLineAsync(bound.Port(ListenerKind.Client)!.Value));
            Assert.Equal("hello from the mqtt door", await FirstLineAsync(bound.Port(ListenerKind.Mqtt)!.Value));
            Assert.Null(bound.Port(ListenerKind.Monitor)); // http_port 0: off
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Options_come_from_the_section_then_the_config_file_then_code()
    {
        var path = Path.Combine(Path.GetTempPath(), $"webbroker-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "max_payload: 2048\nmax_control_line: 1024\n");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WebBroker:MaxPayload"] = "1000", ["WebBroker:MaxControlLine"] = "999", ["WebBroker:ServerName"] = "from-section",
            }).Build();
            var s = HostSettings.Resolve(configuration, new WebBrokerHostOptions { ConfigFile = path, ConfigureServer = o => o.MaxControlLine = 512 }).Server;
            Assert.Equal(("from-section", 2048, 512), (s.ServerName, s.MaxPayload, s.MaxControlLine));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> FirstLineAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, CancellationToken.None);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadLineAsync(CancellationToken.None) ?? "";
    }

    /// <summary>A stand-in for a future front door: its own port, its own connection handler.</summary>
    private sealed class GreetingListener : IListenerFactory
    {
        public ListenerKind Kind => ListenerKind.Mqtt;

        public void Bind(KestrelServerOptions kestrel, BoundListeners bound) =>
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, lo =>
            {
                bound.Add(Kind, lo);
                lo.Run(async connection =>
                {
                    await connection.Transport.Output.WriteAsync("hello from the mqtt door\r\n"u8.ToArray());
                    await connection.Transport.Output.CompleteAsync();
                });
            });
    }
}

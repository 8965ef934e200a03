using WebBroker.Broker.Server;

namespace WebBroker.Web;

/// <summary>The HTTP monitoring endpoints at nats-server's paths.</summary>
internal static class MonitoringEndpoints
{
    public static void Map(WebApplication app, NatsServer server)
    {
        app.MapGet("/healthz", () => Results.Json(new Dictionary<string, string> { ["status"] = "ok" }));
    }
}

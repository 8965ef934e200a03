using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WebBroker.Broker.Monitoring;
using WebBroker.Broker.Server;

namespace WebBroker.Web;

/// <summary>
/// nats-server's monitoring endpoints: thin HTTP adapters over <see cref="ServerMonitor"/>, with its
/// paths, query options and JSON, plus /metrics for Prometheus and an index at /monitoring.
/// </summary>
internal static class MonitoringEndpoints
{
    private static readonly string[] Paths = ["/varz", "/connz", "/subsz", "/accountz", "/accstatz", "/routez", "/gatewayz", "/leafz", "/jsz", "/healthz", "/metrics"];

    public static void Map(IEndpointRouteBuilder app, NatsServer server, Func<(string Host, int Port)> httpAddress)
    {
        var requests = new ConcurrentDictionary<string, long>();
        IResult Count(string path, Func<IResult> answer)
        {
            requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            try
            {
                return answer();
            }
            catch (MonitorOptionException ex)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        }
        // Streamed to the response: a /connz of thousands of connections never becomes one large string.
        static IResult Json<T>(T value, JsonTypeInfo<T> type) => Results.Json(value, type);

        app.MapGet("/varz", () => Count("/varz", () =>
        {
            var (host, port) = httpAddress();
            return Json(ServerMonitor.Varz(server, host, port, requests), MonitorJsonContext.Default.Varz);
        }));
        app.MapGet("/connz", (HttpRequest r) => Count("/connz", () => Json(ServerMonitor.Connz(server, ConnzQuery(r.Query)), MonitorJsonContext.Default.Connz)));
        app.MapGet("/subsz", (HttpRequest r) => Count("/subsz", () => Subsz(r.Query)));
        app.MapGet("/subscriptionsz", (HttpRequest r) => Count("/subsz", () => Subsz(r.Query)));
        app.MapGet("/accountz", (HttpRequest r) => Count("/accountz", () => Json(ServerMonitor.Accountz(server, Text(r.Query, "acc")), MonitorJsonContext.Default.Accountz)));
        app.MapGet("/accstatz", () => Count("/accstatz", () => Json(ServerMonitor.Accstatz(server), MonitorJsonContext.Default.Accstatz)));
        app.MapGet("/routez", () => Count("/routez", () => Json(ServerMonitor.Routez(server), MonitorJsonContext.Default.Routez)));
        app.MapGet("/gatewayz", () => Count("/gatewayz", () => Json(ServerMonitor.Gatewayz(server), MonitorJsonContext.Default.Gatewayz)));
        app.MapGet("/leafz", () => Count("/leafz", () => Json(ServerMonitor.Leafz(server), MonitorJsonContext.Default.Leafz)));
        app.MapGet("/jsz", () => Count("/jsz", () => Json(ServerMonitor.Jsz(server), MonitorJsonContext.Default.Jsz)));
        app.MapGet("/healthz", () => Count("/healthz", () =>
        {
            var health = ServerMonitor.Healthz(server);
            return Results.Text(JsonSerializer.Serialize(health, MonitorJsonContext.Default.Healthz), "application/json",
                statusCode: health.Status == "ok" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })).AllowAnonymous(); // probes: it tells only ok or not, and stays open with protect_monitoring
        app.MapGet("/metrics", () => Count("/metrics", () => Results.Text(PrometheusMetrics.Render(server), PrometheusMetrics.ContentType)));
        // Like nats-server, the counters alone when the page is empty, the whole answer otherwise.
        IResult Subsz(IQueryCollection query)
        {
            var subsz = ServerMonitor.Subsz(server, SubszQuery(query));
            return subsz.SubscriptionsList is { Count: > 0 }
                ? Json(subsz, MonitorJsonContext.Default.Subsz)
                : Json(SubszStats.Of(subsz), MonitorJsonContext.Default.SubszStats);
        }
        app.MapGet("/monitoring", () => Results.Content(IndexPage(), "text/html")).AllowAnonymous(); // links only
    }

    private static ConnzOptions ConnzQuery(IQueryCollection q) => new()
    {
        Sort = Text(q, "sort") ?? "cid",
        Auth = Flag(q, "auth"),
        Subs = Text(q, "subs") switch
        {
            "detail" => SubsDetail.Detail,
            "1" or "true" => SubsDetail.List,
            _ => SubsDetail.None,
        },
        Offset = Number(q, "offset") ?? 0,
        Limit = Number(q, "limit") ?? ConnzOptions.DefaultLimit,
        Cid = Text(q, "cid") is { } cid ? (ulong.TryParse(cid, out var id) ? id : throw new MonitorOptionException($"invalid cid: {cid}")) : null,
        State = Text(q, "state") switch
        {
            null or "open" => ConnState.Open,
            "closed" => ConnState.Closed,
            "any" or "all" => ConnState.All,
            var other => throw new MonitorOptionException($"Invalid connection state: {other}"),
        },
        Account = Text(q, "acc"),
    };

    private static SubszOptions SubszQuery(IQueryCollection q) => new()
    {
        Subs = Flag(q, "subs"),
        Offset = Number(q, "offset") ?? 0,
        Limit = Number(q, "limit") ?? ConnzOptions.DefaultLimit,
        Test = Text(q, "test"),
        Account = Text(q, "acc"),
    };

    private static string? Text(IQueryCollection q, string key) => q.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : null;

    private static bool Flag(IQueryCollection q, string key) => Text(q, key) is "1" or "true";

    private static int? Number(IQueryCollection q, string key) =>
        Text(q, key) is { } s ? (int.TryParse(s, out var n) && n >= 0 ? n : throw new MonitorOptionException($"invalid {key}: {s}")) : null;

    private static string IndexPage() =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>WebBroker monitoring</title>" +
        "<link rel=\"stylesheet\" href=\"/lib/bootstrap/bootstrap.min.css\"></head><body class=\"container py-4\">" +
        "<h1 class=\"h3\">WebBroker monitoring</h1><p>nats-server's endpoints, same paths and JSON:</p><ul>" +
        string.Concat(Paths.Select(p => $"<li><a href=\"{p}\">{p}</a></li>")) +
        "</ul><p>The dashboard is at <a href=\"/\">/</a>.</p></body></html>";
}

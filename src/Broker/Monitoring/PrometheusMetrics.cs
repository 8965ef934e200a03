using System.Globalization;
using System.Text;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Monitoring;

/// <summary>
/// The server's figures in the Prometheus text exposition format (version 0.0.4), served at
/// /metrics: what nats-server leaves to a separate exporter. Counters end in _total.
/// </summary>
public static class PrometheusMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(NatsServer server)
    {
        var varz = ServerMonitor.Varz(server, "", 0);
        var sb = new StringBuilder();
        var labels = $"server_id=\"{server.ServerId}\",server_name=\"{Escape(server.ServerName)}\"";
        Metric(sb, "webbroker_info", "gauge", "Static facts about the server; the value is always 1.", $"{labels},version=\"{NatsServer.ProtocolVersion}\"", 1);
        Metric(sb, "webbroker_uptime_seconds", "gauge", "Seconds since the server started.", labels, (DateTime.UtcNow - server.Started).TotalSeconds);
        Metric(sb, "webbroker_connections", "gauge", "Client connections open now.", labels, varz.Connections);
        Metric(sb, "webbroker_connections_total", "counter", "Client connections accepted since start.", labels, varz.TotalConnections);
        Metric(sb, "webbroker_subscriptions", "gauge", "Subscriptions now.", labels, varz.Subscriptions);
        Metric(sb, "webbroker_in_msgs_total", "counter", "Messages received from clients.", labels, varz.InMsgs);
        Metric(sb, "webbroker_out_msgs_total", "counter", "Messages delivered to clients.", labels, varz.OutMsgs);
        Metric(sb, "webbroker_in_bytes_total", "counter", "Payload bytes received from clients.", labels, varz.InBytes);
        Metric(sb, "webbroker_out_bytes_total", "counter", "Payload bytes delivered to clients.", labels, varz.OutBytes);
        Metric(sb, "webbroker_slow_consumers_total", "counter", "Clients cut off as slow consumers.", labels, varz.SlowConsumers);
        Metric(sb, "webbroker_memory_bytes", "gauge", "Resident memory of the process.", labels, varz.Mem);

        var accounts = ServerMonitor.Accstatz(server).AccountStatz;
        Family(sb, "webbroker_account_connections", "gauge", "Client connections open now, per account.");
        foreach (var a in accounts) Sample(sb, "webbroker_account_connections", $"{labels},account=\"{Escape(a.Account)}\"", a.Conns);
        Family(sb, "webbroker_account_in_msgs_total", "counter", "Messages received from clients, per account.");
        foreach (var a in accounts) Sample(sb, "webbroker_account_in_msgs_total", $"{labels},account=\"{Escape(a.Account)}\"", a.Received.Msgs);
        Family(sb, "webbroker_account_out_msgs_total", "counter", "Messages delivered to clients, per account.");
        foreach (var a in accounts) Sample(sb, "webbroker_account_out_msgs_total", $"{labels},account=\"{Escape(a.Account)}\"", a.Sent.Msgs);
        Family(sb, "webbroker_account_in_bytes_total", "counter", "Payload bytes received from clients, per account.");
        foreach (var a in accounts) Sample(sb, "webbroker_account_in_bytes_total", $"{labels},account=\"{Escape(a.Account)}\"", a.Received.Bytes);
        Family(sb, "webbroker_account_out_bytes_total", "counter", "Payload bytes delivered to clients, per account.");
        foreach (var a in accounts) Sample(sb, "webbroker_account_out_bytes_total", $"{labels},account=\"{Escape(a.Account)}\"", a.Sent.Bytes);
        return sb.ToString();
    }

    private static void Metric(StringBuilder sb, string name, string type, string help, string labels, double value)
    {
        Family(sb, name, type, help);
        Sample(sb, name, labels, value);
    }

    private static void Family(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

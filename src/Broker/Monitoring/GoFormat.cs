using System.Globalization;
using System.Text;

namespace WebBroker.Broker.Monitoring;

/// <summary>The text forms nats-server's JSON uses for times and durations.</summary>
public static class GoFormat
{
    /// <summary>RFC 3339 with nanosecond precision trimmed, UTC: "2026-11-22T09:43:48.4846236Z".</summary>
    public static string Time(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>nats-server's uptime/idle form: "0s", "5m3s", "2d4h0m1s" (whole seconds).</summary>
    public static string Uptime(TimeSpan span)
    {
        var seconds = (long)Math.Max(0, span.TotalSeconds);
        var days = seconds / 86400; seconds %= 86400;
        var hours = seconds / 3600; seconds %= 3600;
        var minutes = seconds / 60; seconds %= 60;
        var sb = new StringBuilder();
        if (days > 0) sb.Append(days).Append('d');
        if (days > 0 || hours > 0) sb.Append(hours).Append('h');
        if (days > 0 || hours > 0 || minutes > 0) sb.Append(minutes).Append('m');
        sb.Append(seconds).Append('s');
        return sb.ToString();
    }

    /// <summary>Go's time.Duration String(): "471µs", "1.5ms", "2m3.5s", "0s".</summary>
    public static string Duration(TimeSpan span)
    {
        var ns = span.Ticks * 100;
        if (ns == 0) return "0s";
        var negative = ns < 0;
        if (negative) ns = -ns;
        string text;
        if (ns < 1_000) text = $"{ns}ns";
        else if (ns < 1_000_000) text = Trim(ns / 1_000.0) + "µs";
        else if (ns < 1_000_000_000) text = Trim(ns / 1_000_000.0) + "ms";
        else
        {
            var totalSeconds = ns / 1_000_000_000.0;
            var h = (long)(totalSeconds / 3600);
            var m = (long)(totalSeconds % 3600 / 60);
            var s = totalSeconds % 60;
            text = (h > 0 ? $"{h}h{m}m" : m > 0 ? $"{m}m" : "") + Trim(s) + "s";
        }
        return negative ? "-" + text : text;
    }

    private static string Trim(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}

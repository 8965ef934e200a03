using Microsoft.Extensions.Logging;

namespace WebBroker.Web.Logging;

/// <summary>One log line shaped like nats-server's: "[pid] 2006/01/02 15:04:05.000000 [INF] message"
/// (without the time when logtime is off). Shared by the console formatter and the log file.</summary>
public static class NatsLogLine
{
    private static readonly int Pid = Environment.ProcessId;

    /// <summary>Whether lines carry the time (nats-server's logtime; on by default; reloadable).</summary>
    public static volatile bool WithTime = true;

    public static string Format(LogLevel level, string message)
    {
        var tag = level switch
        {
            LogLevel.Trace => "TRC",
            LogLevel.Debug => "DBG",
            LogLevel.Information => "INF",
            LogLevel.Warning => "WRN",
            LogLevel.Error => "ERR",
            _ => "FTL",
        };
        return WithTime
            ? $"[{Pid}] {DateTime.Now:yyyy/MM/dd HH:mm:ss.ffffff} [{tag}] {message}"
            : $"[{Pid}] [{tag}] {message}";
    }
}

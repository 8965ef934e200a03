using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace WebBroker.Web.Logging;

/// <summary>Console lines shaped like nats-server's: "[pid] date time [INF] message".</summary>
public sealed class NatsLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "nats";
    private static readonly int Pid = Environment.ProcessId;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null) return;
        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "TRC",
            LogLevel.Debug => "DBG",
            LogLevel.Information => "INF",
            LogLevel.Warning => "WRN",
            LogLevel.Error => "ERR",
            _ => "FTL",
        };
        textWriter.Write($"[{Pid}] {DateTime.Now:yyyy/MM/dd HH:mm:ss.ffffff} [{level}] {message}{Environment.NewLine}");
        if (logEntry.Exception is not null) textWriter.WriteLine(logEntry.Exception.ToString());
    }
}

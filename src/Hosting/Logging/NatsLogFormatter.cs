using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace WebBroker.Web.Logging;

/// <summary>Console lines shaped like nats-server's (see <see cref="NatsLogLine"/>).</summary>
public sealed class NatsLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "nats";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null) return;
        textWriter.WriteLine(NatsLogLine.Format(logEntry.LogLevel, message));
        if (logEntry.Exception is not null) textWriter.WriteLine(logEntry.Exception.ToString());
    }
}

using System.Runtime.InteropServices;
using WebBroker.Broker.Server;

namespace WebBroker.Web.Operations;

/// <summary>
/// nats-server's signals: SIGHUP reloads the configuration, SIGUSR1 reopens the log file (after a rotation),
/// SIGUSR2 enters lame duck mode (and the process exits when it is done). SIGTERM and SIGINT are the host's
/// graceful shutdown.
/// </summary>
public sealed class SignalHandlers : IDisposable
{
    public const int SigUsr1 = 10;
    public const int SigUsr2 = 12;

    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalHandlers(ConfigReloader reloader, NatsServer server, IHostApplicationLifetime lifetime, Logging.FileLoggerProvider logFile,
        ILogger<SignalHandlers> log)
    {
        // Left to its default, SIGUSR1 would end the process.
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
        {
            context.Cancel = true;
            if (!logFile.IsFile)
            {
                log.LogInformation("File log re-open ignored, not a file logger");
                return;
            }
            logFile.Reopen();
            log.LogInformation("File log re-opened");
        }));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            log.LogInformation("Trapped \"hangup\" signal");
            _ = Task.Run(reloader.Reload);
        }));
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr2, context =>
        {
            context.Cancel = true;
            log.LogInformation("Trapped \"user defined signal 2\" signal");
            _ = LameDuckThenStopAsync(server, lifetime);
        }));
    }

    public static async Task LameDuckThenStopAsync(NatsServer server, IHostApplicationLifetime lifetime)
    {
        await server.EnterLameDuckModeAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        lifetime.StopApplication();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}

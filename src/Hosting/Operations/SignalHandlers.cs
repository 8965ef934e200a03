using System.Runtime.InteropServices;
using WebBroker.Broker.Server;

namespace WebBroker.Web.Operations;

/// <summary>
/// nats-server's signals: SIGHUP reloads the configuration, SIGUSR2 enters lame duck mode (and
/// the process exits when it is done). SIGTERM and SIGINT are the host's graceful shutdown.
/// </summary>
public sealed class SignalHandlers : IDisposable
{
    public const int SigUsr2 = 12;

    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalHandlers(ConfigReloader reloader, NatsServer server, IHostApplicationLifetime lifetime, ILogger<SignalHandlers> log)
    {
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

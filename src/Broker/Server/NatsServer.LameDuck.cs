using Microsoft.Extensions.Logging;
using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Server;

/// <summary>
/// Lame duck mode, as nats-server runs it: refuse new clients, tell the connected ones (INFO with
/// ldm: true) so they can move elsewhere, wait the grace period, then close them one by one spread
/// over the rest of lame_duck_duration. The host exits when this completes.
/// </summary>
public sealed partial class NatsServer
{
    private volatile bool _lameDuck;

    public bool InLameDuckMode => _lameDuck;

    public async Task EnterLameDuckModeAsync(CancellationToken cancel = default)
    {
        if (_lameDuck || _shuttingDown) return;
        _lameDuck = true;
        Logger.LogInformation("Entering lame duck mode, stop accepting new clients");
        System.EnteringLameDuck();
        var clients = _clients.Values.ToArray();
        if (clients.Length == 0) return;
        foreach (var client in clients) (client as NatsClient)?.SendLameDuckInfo();

        var grace = Options.LameDuckGracePeriod;
        var spread = Options.LameDuckDuration - grace;
        if (spread <= TimeSpan.Zero) spread = TimeSpan.FromSeconds(1);
        // Between two closes: the spread shared by the clients, at most a second (nats-server's rule),
        // drawn at random between half of it and all of it.
        var interval = TimeSpan.FromTicks(Math.Min(spread.Ticks / clients.Length, TimeSpan.TicksPerSecond));

        await Task.Delay(grace, cancel).ConfigureAwait(false);
        Logger.LogInformation("Closing existing clients");
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i].Close(ClosedReason.ServerShutdown);
            if (i == clients.Length - 1 || interval.Ticks < TimeSpan.TicksPerMillisecond) continue;
            var wait = Random.Shared.NextInt64(interval.Ticks / 2, interval.Ticks + 1);
            await Task.Delay(TimeSpan.FromTicks(wait), cancel).ConfigureAwait(false);
        }
    }
}

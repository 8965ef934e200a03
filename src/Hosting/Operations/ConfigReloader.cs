using System.Reflection;
using WebBroker.Broker.Configuration;
using WebBroker.Broker.Server;
using WebBroker.Web.Logging;

namespace WebBroker.Web.Operations;

/// <summary>
/// Re-reads every settings source (appsettings.json, the config file, the flags laid over them) and
/// applies to the running server what nats-server can change without a restart. Options that need a
/// restart are reported, not applied; an invalid file changes nothing and the server runs on.
/// </summary>
public sealed class ConfigReloader(
    IConfiguration configuration, WebBrokerHostOptions host, NatsServer server,
    LogLevelSwitch levels, FileLoggerProvider logFile, WebBroker.Dashboard.Access.DashboardAccessOptions dashboard, ILogger<ConfigReloader> log)
{
    /// <summary>The options nats-server reloads in place (its reload.go); every other one needs a restart.</summary>
    private static readonly HashSet<string> Reloadable = new(StringComparer.Ordinal)
    {
        nameof(ServerOptions.MaxPayload), nameof(ServerOptions.MaxControlLine), nameof(ServerOptions.MaxPending),
        nameof(ServerOptions.MaxConnections), nameof(ServerOptions.MaxSubscriptions), nameof(ServerOptions.PingInterval),
        nameof(ServerOptions.MaxPingsOut), nameof(ServerOptions.WriteDeadline), nameof(ServerOptions.AuthTimeout),
        nameof(ServerOptions.Username), nameof(ServerOptions.Password), nameof(ServerOptions.Token),
        nameof(ServerOptions.Debug), nameof(ServerOptions.Trace), nameof(ServerOptions.TraceVerbose),
        nameof(ServerOptions.Logtime), nameof(ServerOptions.LogFile), nameof(ServerOptions.PidFile),
        nameof(ServerOptions.LameDuckDuration), nameof(ServerOptions.LameDuckGracePeriod),
        nameof(ServerOptions.ClientAdvertise), nameof(ServerOptions.HttpWebSocket), nameof(ServerOptions.AuthFailureDelay),
    };

    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        nameof(ServerOptions.Password), nameof(ServerOptions.Token),
    };

    private readonly Lock _lock = new();

    private static string MappingsOf(List<WebBroker.Broker.Accounts.AccountOptions> accounts) =>
        string.Join('\n', accounts.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Name}:" +
            string.Join(';', a.Mappings.Select(m => $"{m.Source}>{string.Join(',', m.Destinations.Select(d => $"{d.Subject}@{d.Weight}"))}"))));

    /// <summary>Returns false (and logs why) when the new configuration could not be read.</summary>
    public bool Reload()
    {
        lock (_lock)
        {
            HostSettings fresh;
            try
            {
                fresh = HostSettings.Resolve(configuration, host);
            }
            catch (Exception ex) when (ex is ConfigException or CommandLineException or IOException)
            {
                log.LogError("Failed to reload server configuration: {Error}", ex.Message);
                return false;
            }
            var live = server.Options;
            var changed = 0;
            foreach (var property in typeof(ServerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.Name == nameof(ServerOptions.Accounts))
                {
                    // Imports and exports reload in place, as nats-server's do (their subscriptions follow).
                    if (MappingsOf(live.Accounts) != MappingsOf(fresh.Server.Accounts))
                        log.LogWarning("config reload not supported for {Option}: account mappings; they take effect after a restart", property.Name);
                    if (server.ReloadAccountLinks(fresh.Server.Accounts))
                    {
                        log.LogInformation("Reloaded: {Option}: imports and exports", property.Name);
                        changed++;
                    }
                    continue;
                }
                var before = property.GetValue(live);
                var after = property.GetValue(fresh.Server);
                if (Equals(before, after)) continue;
                var shown = Secret.Contains(property.Name) ? "[REDACTED]" : $"{before} -> {after}";
                if (!Reloadable.Contains(property.Name))
                {
                    log.LogWarning("config reload not supported for {Option}: {Change}; it takes effect after a restart", property.Name, shown);
                    continue;
                }
                property.SetValue(live, after);
                log.LogInformation("Reloaded: {Option}: {Change}", property.Name, shown);
                changed++;
            }
            // Dashboard users, roles and settings apply at once: sessions of removed or changed users end now.
            dashboard.ReplaceWith(fresh.Dashboard);
            levels.Set(live.Debug, live.Trace);
            NatsLogLine.WithTime = live.Logtime;
            logFile.Path = live.LogFile;
            log.LogInformation("Reloaded server configuration ({Count} changes)", changed);
            return true;
        }
    }
}

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>What the server logs and where: <c>debug</c>, <c>trace</c>, <c>logtime</c>, <c>logfile</c>.</summary>
    private sealed partial class Binding
    {
        /// <summary>Applies <paramref name="key"/> if it is one of the logging keys.</summary>
        private bool TryApplyLogging(string key, ConfigEntry entry)
        {
            switch (key)
            {
                case "debug":
                    options.Debug = Boolean(entry);
                    return true;
                case "trace":
                    options.Trace = Boolean(entry);
                    return true;
                case "trace_verbose":
                    options.TraceVerbose = options.Trace = Boolean(entry);
                    return true;
                case "logtime":
                    options.Logtime = Boolean(entry);
                    return true;
                case "logfile" or "log_file":
                    options.LogFile = String(entry);
                    return true;
                default:
                    return false;
            }
        }
    }
}

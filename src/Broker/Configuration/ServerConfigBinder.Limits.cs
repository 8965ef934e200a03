namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>Sizes, counts and timers: <c>max_*</c>, pings, write deadline, lame duck.</summary>
    private sealed partial class Binding
    {

        /// <summary>Applies <paramref name="key"/> if it is one of the limit or timer keys.</summary>
        private bool TryApplyLimits(string key, ConfigEntry entry)
        {
            switch (key)
            {
                case "max_control_line":
                    options.MaxControlLine = Size(entry, int.MaxValue, defaultValue: 4096);
                    return true;
                case "max_payload":
                    options.MaxPayload = Size(entry, int.MaxValue, defaultValue: 1024 * 1024);
                    return true;
                case "max_pending":
                    options.MaxPending = Size(entry, long.MaxValue, defaultValue: 64L * 1024 * 1024);
                    return true;
                case "max_connections" or "max_conn":
                    options.MaxConnections = Size(entry, int.MaxValue, defaultValue: 0);
                    return true;
                case "max_subscriptions" or "max_subs":
                    options.MaxSubscriptions = Size(entry, int.MaxValue, defaultValue: 0);
                    return true;
                case "ping_interval":
                    options.PingInterval = Duration(entry, defaultValue: TimeSpan.FromMinutes(2));
                    return true;
                case "ping_max":
                    options.MaxPingsOut = Size(entry, int.MaxValue, defaultValue: 2);
                    return true;
                case "enforce_jwt_data_limit":
                    options.EnforceJwtDataLimit = Boolean(entry);
                    return true;
                case "gc_heap_limit":
                    options.GcHeapLimit = Size(entry, long.MaxValue, defaultValue: 0);
                    return true;
                case "write_deadline":
                    options.WriteDeadline = Duration(entry, defaultValue: TimeSpan.FromSeconds(10));
                    return true;
                case "lame_duck_duration":
                    var lameDuck = StrictDuration(entry);
                    if (lameDuck < TimeSpan.FromSeconds(30))
                    {
                        throw entry.Value.Error($"invalid lame_duck_duration of {String(entry)}, minimum is 30 seconds");
                    }
                    options.LameDuckDuration = lameDuck;
                    return true;
                case "lame_duck_grace_period":
                    var grace = StrictDuration(entry);
                    if (grace < TimeSpan.Zero)
                    {
                        throw entry.Value.Error("invalid lame_duck_grace_period, needs to be positive");
                    }
                    options.LameDuckGracePeriod = grace;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A count or a size (<c>1MB</c>); 0 stands for the default, as in nats-server.</summary>
        private static int Size(ConfigEntry entry, int max, int defaultValue) => (int)Size(entry, (long)max, defaultValue);

        private static long Size(ConfigEntry entry, long max, long defaultValue)
        {
            var value = Integer(entry);
            if (value < 0)
            {
                throw entry.Value.Error($"{entry.Key} value can not be negative");
            }
            if (value > max)
            {
                throw entry.Value.Error($"{entry.Key} value is too big");
            }
            return value == 0 ? defaultValue : value;
        }
    }
}

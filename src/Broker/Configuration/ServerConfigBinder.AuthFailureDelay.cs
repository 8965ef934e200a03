namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    private sealed partial class Binding
    {
        /// <summary><c>auth_failure_delay: "500ms"</c>, or <c>auth_failure_delay { initial, max, window, max_addresses }</c>:
        /// WebBroker's own, off unless given.</summary>
        private void ApplyAuthFailureDelay(ConfigEntry block)
        {
            var delay = options.AuthFailureDelay = new Server.AuthFailureDelayOptions();
            if (block.Value is not ConfigMap)
            {
                delay.Initial = NonNegative(block);
                return;
            }
            foreach (var entry in Map(block))
            {
                switch (entry.Key.ToLowerInvariant())
                {
                    case "initial" or "delay":
                        delay.Initial = NonNegative(entry);
                        break;
                    case "max":
                        delay.Max = NonNegative(entry);
                        break;
                    case "window":
                        delay.Window = NonNegative(entry);
                        break;
                    case "max_addresses":
                        delay.MaxAddresses = (int)Math.Clamp(Integer(entry), 1, 10_000_000);
                        break;
                    default:
                        throw entry.Value.Error($"unknown field \"auth_failure_delay.{entry.Key}\"");
                }
            }
        }

        private static TimeSpan NonNegative(ConfigEntry entry)
        {
            var duration = StrictDuration(entry);
            return duration >= TimeSpan.Zero ? duration : throw entry.Value.Error($"{entry.Key} can not be negative");
        }
    }
}

using System.Globalization;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>Typed reads of single values: the messages name the key and point at the value.</summary>
    private sealed partial class Binding
    {
        private static ConfigException Mismatch(ConfigEntry entry, string expected) =>
            entry.Value.Error($"{entry.Key}: expected {expected}, got {entry.Value.Describe()}");

        private static string String(ConfigEntry entry) =>
            entry.Value is ConfigScalar { Kind: ConfigValueKind.String } s ? (string)s.Value : throw Mismatch(entry, "a string");

        private static long Integer(ConfigEntry entry) =>
            entry.Value is ConfigScalar { Kind: ConfigValueKind.Integer } s ? (long)s.Value : throw Mismatch(entry, "an integer");

        private static bool Boolean(ConfigEntry entry) =>
            entry.Value is ConfigScalar { Kind: ConfigValueKind.Boolean } s ? (bool)s.Value : throw Mismatch(entry, "a boolean (true, false, yes, no, on, off)");

        private static ConfigMap Map(ConfigEntry entry) => entry.Value as ConfigMap ?? throw Mismatch(entry, "a map");

        /// <summary>
        /// A duration string (<c>"2m"</c>), or, as nats-server still accepts with a warning, a
        /// number of seconds; 0 stands for the default.
        /// </summary>
        private TimeSpan Duration(ConfigEntry entry, TimeSpan defaultValue)
        {
            TimeSpan duration;
            if (entry.Value is ConfigScalar { Kind: ConfigValueKind.Integer } number)
            {
                var seconds = (long)number.Value;
                var hint = number.Text.All(c => char.IsAsciiDigit(c) || c == '-')
                    ? ""
                    : $" (unquoted, {number.Text} is the number {seconds}; quote it: \"{number.Text}\")";
                Warn(entry, $"invalid use of field \"{entry.Key}\": {entry.Key} should be converted to a duration{hint}", ConfigWarningKind.Advice);
                duration = Seconds(entry, seconds);
            }
            else
            {
                duration = StrictDuration(entry);
            }
            if (duration < TimeSpan.Zero)
            {
                throw entry.Value.Error($"{entry.Key} can not be negative");
            }
            return duration == TimeSpan.Zero ? defaultValue : duration;
        }

        private static TimeSpan Seconds(ConfigEntry entry, double seconds) =>
            Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw entry.Value.Error($"{entry.Key} value is too big");

        /// <summary>A duration string only.</summary>
        private static TimeSpan StrictDuration(ConfigEntry entry)
        {
            var text = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } s
                ? (string)s.Value
                : throw Mismatch(entry, "a duration such as \"10s\" or \"2m\"");
            return GoDuration.TryParse(text, out var duration, out var error)
                ? duration
                : throw entry.Value.Error($"error parsing {entry.Key}: {error}");
        }
    }
}

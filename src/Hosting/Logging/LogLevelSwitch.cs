using Microsoft.Extensions.Logging;

namespace WebBroker.Web.Logging;

/// <summary>The broker's own minimum log level (-D debug, -V trace), changeable by a config reload.
/// Framework categories keep the levels appsettings.json gives them.</summary>
public sealed class LogLevelSwitch
{
    public volatile LogLevel Minimum = LogLevel.Information;

    public void Set(bool debug, bool trace) =>
        Minimum = trace ? LogLevel.Trace : debug ? LogLevel.Debug : LogLevel.Information;

    /// <summary>Framework internals speak only from warnings up, whatever -D/-V ask for.</summary>
    public bool Allows(string? category, LogLevel level) =>
        category is not null && category.StartsWith("Microsoft", StringComparison.Ordinal)
            ? level >= LogLevel.Warning
            : level >= Minimum;
}

using WebBroker.Broker.Configuration;
using WebBroker.Dashboard.Access;

namespace WebBroker.Web;

/// <summary>The config file's <c>dashboard { users: [ { user, password, role } ], session: "8h", login_*: ...,
/// protect_monitoring: false, monitoring_token: "..." }</c> block.</summary>
internal static class DashboardConfigBlock
{
    public static void Apply(ConfigValue block, DashboardAccessOptions access)
    {
        foreach (var entry in block.AsMap())
        {
            switch (entry.Key.ToLowerInvariant())
            {
                case "users":
                    access.Users.Clear();
                    foreach (var item in entry.Value.AsArray())
                    {
                        var map = item.AsMap();
                        var user = new DashboardUser
                        {
                            User = map.TryGetValue("user", out var u) ? u.AsString() : throw item.Error("a dashboard user needs 'user'"),
                            Password = map.TryGetValue("password", out var p) ? p.AsString() : throw item.Error("a dashboard user needs 'password'"),
                            Role = map.TryGetValue("role", out var r) ? r.AsString().ToLowerInvariant() : DashboardRoles.Viewer,
                        };
                        if (user.Role is not (DashboardRoles.Admin or DashboardRoles.Viewer))
                            throw item.Error($"dashboard role must be '{DashboardRoles.Admin}' or '{DashboardRoles.Viewer}', got '{user.Role}'");
                        access.Users.Add(user);
                    }
                    break;
                case "session" or "session_lifetime":
                    access.SessionLifetime = entry.Value.AsDuration();
                    break;
                case "login_max_failures":
                    access.Throttle.MaxFailures = (int)entry.Value.AsDouble();
                    break;
                case "login_failure_window":
                    access.Throttle.Window = entry.Value.AsDuration();
                    break;
                case "login_lockout":
                    access.Throttle.Lockout = entry.Value.AsDuration();
                    break;
                case "login_backoff":
                    access.Throttle.Backoff = entry.Value.AsDuration();
                    break;
                case "login_max_backoff":
                    access.Throttle.MaxBackoff = entry.Value.AsDuration();
                    break;
                case "protect_monitoring":
                    access.ProtectMonitoring = entry.Value.AsBoolean();
                    break;
                case "monitoring_token":
                    access.MonitoringToken = entry.Value.AsString();
                    break;
                default:
                    throw entry.Value.Error($"unknown field \"dashboard.{entry.Key}\"");
            }
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace WebBroker.Dashboard.Access;

/// <summary>Who may open the dashboard: from the config file's <c>dashboard { users: [...] }</c> or
/// <c>WebBroker:Dashboard</c> in appsettings.json. With no user at all, only localhost gets in.
/// A config reload replaces the settings in place (<see cref="ReplaceWith"/>); every request and open page is
/// re-checked against them.</summary>
public sealed class DashboardAccessOptions
{
    private volatile List<DashboardUser> _users = [];

    /// <summary>Read as one snapshot: a reload swaps the whole list, never edits it.</summary>
    public List<DashboardUser> Users { get => _users; set => _users = value; }
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
    public bool LocalOnly => _users.Count == 0;

    /// <summary>Sign-in throttling (<c>dashboard { login_* }</c>): see <see cref="SignInThrottle"/>.</summary>
    public SignInThrottleOptions Throttle { get; set; } = new();

    /// <summary><c>dashboard { protect_monitoring: true }</c>: the monitoring JSON and /metrics need the dashboard's
    /// sign-in or <see cref="MonitoringToken"/>. Off by default, as nats-server's are open.</summary>
    public bool ProtectMonitoring { get; set; }

    /// <summary>A bearer token (<c>Authorization: Bearer ...</c>) for scrapers of protected monitoring endpoints.</summary>
    public string? MonitoringToken { get; set; }

    /// <summary>Checks a given password against a configured one (plain or bcrypt). The host supplies it,
    /// so that the dashboard and NATS users share one implementation.</summary>
    public Func<string, string, bool> PasswordMatches { get; set; } = (_, _) => false;

    /// <summary>Raised after <see cref="ReplaceWith"/>: open pages are re-checked at once.</summary>
    public event Action? Changed;

    public DashboardUser? Find(string user) =>
        _users.FirstOrDefault(u => string.Equals(u.User, user, StringComparison.Ordinal));

    /// <summary>Takes the reloaded settings (the password check stays the host's).</summary>
    public void ReplaceWith(DashboardAccessOptions fresh)
    {
        SessionLifetime = fresh.SessionLifetime;
        Throttle = fresh.Throttle;
        ProtectMonitoring = fresh.ProtectMonitoring;
        MonitoringToken = fresh.MonitoringToken;
        _users = fresh._users;
        Changed?.Invoke();
    }
}

/// <summary>One dashboard login. The password is plain or a bcrypt hash ($2a$/$2b$), as for NATS users.</summary>
public sealed class DashboardUser
{
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary><see cref="DashboardRoles.Viewer"/> sees; <see cref="DashboardRoles.Admin"/> may also act.</summary>
    public string Role { get; set; } = DashboardRoles.Viewer;

    /// <summary>Changes whenever the user's role or password changes in the config: a session carries the stamp of
    /// its sign-in and ends when the stamp no longer matches. One-way, and only ever inside the protected cookie.</summary>
    public string SecurityStamp() =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{User}\0{Role}\0{Password}")));
}

public static class DashboardRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";
}

/// <summary>The authorization policies of the dashboard's pages and actions.</summary>
public static class DashboardPolicies
{
    public const string View = "dashboard-view";
    public const string Act = "dashboard-act";
    /// <summary>The monitoring endpoints: open, or (protect_monitoring) View or the monitoring token.</summary>
    public const string Monitor = "dashboard-monitor";
}

namespace WebBroker.Dashboard.Access;

/// <summary>Who may open the dashboard: from the config file's <c>dashboard { users: [...] }</c> or
/// <c>WebBroker:Dashboard</c> in appsettings.json. With no user at all, only localhost gets in.</summary>
public sealed class DashboardAccessOptions
{
    public List<DashboardUser> Users { get; set; } = [];
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
    public bool LocalOnly => Users.Count == 0;

    /// <summary>Checks a given password against a configured one (plain or bcrypt). The host supplies it,
    /// so that the dashboard and NATS users share one implementation.</summary>
    public Func<string, string, bool> PasswordMatches { get; set; } = (_, _) => false;

    public DashboardUser? Find(string user) =>
        Users.FirstOrDefault(u => string.Equals(u.User, user, StringComparison.Ordinal));
}

/// <summary>One dashboard login. The password is plain or a bcrypt hash ($2a$/$2b$), as for NATS users.</summary>
public sealed class DashboardUser
{
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary><see cref="DashboardRoles.Viewer"/> sees; <see cref="DashboardRoles.Admin"/> may also act.</summary>
    public string Role { get; set; } = DashboardRoles.Viewer;
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
}

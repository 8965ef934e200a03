using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// With users configured: a signed-in user whose session is current (for acting: an admin). Without: any request
/// from this machine (loopback), and nothing from elsewhere. The monitoring endpoints pass when they are not
/// protected, or for the monitoring token, or for whoever may view the dashboard.
/// </summary>
public sealed class DashboardAccessRequirement(DashboardAccessRequirement.Level level) : IAuthorizationRequirement
{
    public enum Level { View, Act, Monitor }

    public Level Needed { get; } = level;
}

public sealed class DashboardAccessHandler(DashboardAccessOptions options, IHttpContextAccessor http)
    : AuthorizationHandler<DashboardAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DashboardAccessRequirement requirement)
    {
        // Endpoint authorization passes the request as the resource; elsewhere (a page on its circuit) the accessor may have it.
        var remote = (context.Resource as HttpContext ?? http.HttpContext)?.Connection.RemoteIpAddress;
        if (Allows(context.User, remote, requirement.Needed, options, DateTime.UtcNow)) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    /// <summary>The rule itself, shared with the hub guard (which re-checks open pages' connections).</summary>
    public static bool Allows(ClaimsPrincipal user, IPAddress? remote, DashboardAccessRequirement.Level level,
        DashboardAccessOptions options, DateTime now)
    {
        if (level == DashboardAccessRequirement.Level.Monitor
            && (!options.ProtectMonitoring || user.HasClaim(MonitoringTokenHandler.Claim, "true")))
            return true;
        if (options.LocalOnly) return remote is not null && IPAddress.IsLoopback(remote);
        return DashboardSession.IsCurrent(user, options, now)
            && (level != DashboardAccessRequirement.Level.Act || user.IsInRole(DashboardRoles.Admin));
    }
}

using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// With users configured: a signed-in user (for acting: an admin). Without: any request from this
/// machine (loopback), and nothing from elsewhere.
/// </summary>
public sealed class DashboardAccessRequirement(bool adminOnly) : IAuthorizationRequirement
{
    public bool AdminOnly { get; } = adminOnly;
}

public sealed class DashboardAccessHandler(DashboardAccessOptions options, IHttpContextAccessor http)
    : AuthorizationHandler<DashboardAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DashboardAccessRequirement requirement)
    {
        if (options.LocalOnly)
        {
            var remote = http.HttpContext?.Connection.RemoteIpAddress;
            if (remote is not null && IPAddress.IsLoopback(remote)) context.Succeed(requirement);
            return Task.CompletedTask;
        }
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && (!requirement.AdminOnly || user.IsInRole(DashboardRoles.Admin)))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

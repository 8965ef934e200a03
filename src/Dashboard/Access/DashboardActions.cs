using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WebBroker.Dashboard.Data;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// What an admin may do, as plain form posts: each is authorized on the server (the Act policy) and
/// antiforgery- and origin-checked (<see cref="DashboardRequestGuard"/>), whatever the page showed. Each goes through the system account like a tool would.
/// </summary>
public static class DashboardActions
{
    public static void MapDashboardActions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/connections/{cid:long}/disconnect", async (long cid, HttpContext context, ISystemRequests sys, ILoggerFactory logs) =>
        {
            var id = (await sys.RequestAsync("$SYS.REQ.SERVER.PING.IDZ")).GetProperty("data").GetProperty("id").GetString();
            var reply = await sys.RequestAsync($"$SYS.REQ.SERVER.{id}.KICK", $"{{\"cid\":{cid}}}");
            var ok = !reply.TryGetProperty("error", out _);
            logs.CreateLogger("WebBroker.Dashboard").LogInformation("Dashboard user {User} disconnected cid {Cid}: {Outcome}",
                context.User.Identity?.Name ?? "localhost", cid, ok ? "done" : "not found");
            return Results.Redirect(ok ? $"/connections/{cid}?disconnected=1" : $"/connections/{cid}?notfound=1");
        }).RequireAuthorization(DashboardPolicies.Act).WithMetadata(DashboardEndpointMetadata.Instance).RequireAntiforgery();
    }
}

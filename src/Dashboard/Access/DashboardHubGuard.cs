using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// The gate of the Blazor hub (<c>/_blazor</c>), where the live pages run: a circuit is built from whatever component
/// marker its client sends, so the pages' own [Authorize] is not what protects it. The hub endpoint requires the View
/// policy; this filter re-checks every open connection, on each call, every few seconds and at once after a config
/// reload, and closes those whose user may no longer view (removed, demoted, stamp changed, session over). Anonymous
/// connections are covered too: in local-only mode, by the loopback rule; otherwise they never pass.
/// </summary>
public sealed class DashboardHubGuard : IHubFilter, IDisposable
{
    /// <summary>A session that merely ran out gets this long before its connection is cut, so that the page's own
    /// revalidation (<see cref="SessionRevalidator"/>) sends a real browser to sign-in first.</summary>
    internal static readonly TimeSpan ExpiryGrace = SessionRevalidator.Interval + TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new();
    private readonly DashboardAccessOptions _options;
    private readonly ILogger _log;
    private readonly Timer _sweep;

    public DashboardHubGuard(DashboardAccessOptions options, ILoggerFactory logs)
    {
        _options = options;
        _log = logs.CreateLogger("WebBroker.Dashboard");
        _options.Changed += Sweep;
        _sweep = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (!Allowed(context.Context)) throw new HubException("Not signed in to the dashboard.");
        _open[context.Context.ConnectionId] = context.Context;
        await next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!Allowed(invocation.Context))
        {
            invocation.Context.Abort();
            throw new HubException("The dashboard session is over.");
        }
        return await next(invocation);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _open.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    private bool Allowed(HubCallerContext connection) =>
        connection.User is { } user && DashboardAccessHandler.Allows(user, connection.GetHttpContext()?.Connection.RemoteIpAddress,
            DashboardAccessRequirement.Level.View, _options, DateTime.UtcNow - ExpiryGrace);

    private void Sweep()
    {
        foreach (var (id, connection) in _open)
        {
            if (Allowed(connection)) continue;
            _log.LogInformation("Dashboard: closing the live page of {User}: no longer allowed", connection.User?.Identity?.Name ?? "anonymous");
            _open.TryRemove(id, out _);
            connection.Abort();
        }
    }

    public void Dispose()
    {
        _options.Changed -= Sweep;
        _sweep.Dispose();
    }
}

using WebBroker.Broker.Server;
using WebBroker.Dashboard.Access;
using WebBroker.Dashboard.Components;
using WebBroker.Web;
using WebBroker.Web.Listeners;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The broker's HTTP side in an application that called <c>AddWebBroker</c>.</summary>
public static class WebBrokerApplicationExtensions
{
    /// <summary>Adds the front doors carried by HTTP (the WebSocket upgrade), authentication, nats-server's
    /// monitoring endpoints (/varz, /connz, ...) and, unless <see cref="WebBrokerHostOptions.Dashboard"/> is off,
    /// the dashboard. Call it before the application's own middleware: the WebSocket upgrade must see requests first.</summary>
    public static WebApplication MapWebBroker(this WebApplication app)
    {
        var services = app.Services;
        var server = services.GetRequiredService<NatsServer>();
        var settings = services.GetRequiredService<HostSettings>();
        var bound = services.GetRequiredService<BoundListeners>();
        var dashboard = services.GetRequiredService<WebBrokerHostOptions>().Dashboard;

        foreach (var listener in services.GetServices<IListenerFactory>()) listener.Map(app);
        app.UseDashboardRequestGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        if (dashboard)
        {
            app.UseAntiforgeryOnDemand();
            app.UseStaticFiles(); // what the manifest does not list: the Blazor script
        }
        // Every endpoint below is built on the first HTTP request (see DeferredEndpoints).
        var endpoints = new DeferredEndpoints(app);
        services.GetRequiredService<DeferredEndpointsHolder>().Endpoints = endpoints;
        ((IEndpointRouteBuilder)app).DataSources.Add(endpoints);
        // Open as nats-server's unless dashboard { protect_monitoring: true } (the policy reads the live setting).
        MonitoringEndpoints.Map(endpoints.MapGroup("").RequireAuthorization(DashboardPolicies.Monitor).WithMetadata(MonitoringEndpointMetadata.Instance),
            server, () => (settings.HttpHost, bound.Port(ListenerKind.Monitor) ?? 0));
        if (!dashboard) return app;
        endpoints.MapStaticAssets();
        endpoints.MapDashboardAccess();
        endpoints.MapDashboardActions();
        // Blazor Server: live pages over a circuit (the sign-in page stays static: it sets the cookie). Every page and
        // the hub (/_blazor) need the View policy, the sign-in page excepted ([AllowAnonymous]).
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(DashboardPolicies.View).WithMetadata(DashboardEndpointMetadata.Instance);
        return app;
    }
}

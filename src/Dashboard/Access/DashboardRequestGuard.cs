using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace WebBroker.Dashboard.Access;

/// <summary>Marks an endpoint as the dashboard's (pages, the Blazor hub, sign-in, actions): <see cref="DashboardRequestGuard"/> checks it.</summary>
public sealed class DashboardEndpointMetadata
{
    public static readonly DashboardEndpointMetadata Instance = new();
}

/// <summary>
/// What cookies and tokens cannot see, checked before anything else on the dashboard's endpoints:
/// <list type="bullet">
/// <item>In local-only mode (no dashboard user) the Host must be localhost, 127.0.0.1 or [::1] (with any port, so that
/// an SSH tunnel still works): a name of an attacker's that resolves to 127.0.0.1 (DNS rebinding) must not reach the
/// dashboard.</item>
/// <item>A state-changing request, or a WebSocket (the Blazor hub), must come from the dashboard's own origin, by its
/// Origin header or, without one, its Referer. A request with neither is no browser's cross-site request; the
/// antiforgery token still applies to it.</item>
/// </list>
/// </summary>
public static class DashboardRequestGuard
{
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IApplicationBuilder UseDashboardRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DashboardEndpointMetadata>() is null)
        {
            await next(context);
            return;
        }
        var options = context.RequestServices.GetRequiredService<DashboardAccessOptions>();
        if (options.LocalOnly && !IsLocalHost(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Bad Request: the dashboard without users answers only to localhost, 127.0.0.1 or [::1]\n");
            return;
        }
        if ((!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
             || context.WebSockets.IsWebSocketRequest) && !IsSameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Forbidden: cross-origin request\n");
            return;
        }
        await next(context);
    });

    internal static bool IsLocalHost(HttpContext context) =>
        context.Request.Host is { HasValue: true } host && LocalHosts.Contains(host.Host, StringComparer.OrdinalIgnoreCase);

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var claimed = request.Headers.Origin.ToString();
        if (claimed.Length == 0) claimed = request.Headers.Referer.ToString();
        if (claimed.Length == 0) return true;
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var origin)) return false; // "null" included
        if (!Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own)) return false;
        return string.Equals(origin.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
            && origin.Port == own.Port;
    }

    /// <summary>
    /// Refuses (400) a request whose antiforgery token the antiforgery middleware found missing or wrong. Form-bound
    /// endpoints get this from the framework; endpoints that read no form (sign-out, actions) need it said.
    /// </summary>
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute());
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true }
                ? Results.BadRequest("Invalid or missing antiforgery token")
                : await next(context));
        return builder;
    }
}

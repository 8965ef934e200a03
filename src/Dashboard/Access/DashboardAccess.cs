using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebBroker.Dashboard.Access;

/// <summary>Cookie sign-in for the dashboard: services, and the /login and /logout endpoints.</summary>
public static class DashboardAccess
{
    /// <summary>The default scheme: the monitoring token when the request carries a bearer token, else the cookie.</summary>
    private const string SelectScheme = "dashboard";

    /// <param name="keyDirectory">Where this instance keeps its own Data Protection key ring (cookies, antiforgery
    /// tokens and component markers are protected with it): a cookie of another instance means nothing here. Null
    /// when it cannot be kept: the ring then lives in memory (still this instance's own; sessions end at restart).</param>
    public static IServiceCollection AddDashboardAccess(this IServiceCollection services, DashboardAccessOptions options, string? keyDirectory)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SignInThrottle>();
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuthorizationHandler, DashboardAccessHandler>();
        services.AddCascadingAuthenticationState();
        // Registered before the framework's own provider (which is only added when none is).
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidator>();
        services.AddSingleton<DashboardHubGuard>();
        services.AddSignalR(hub => hub.AddFilter<DashboardHubGuard>());

        var keys = services.AddDataProtection().SetApplicationName("WebBroker");
        if (keyDirectory is not null) keys.PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
        else keys.UseEphemeralDataProtectionProvider();

        services.AddAuthentication(SelectScheme)
            .AddPolicyScheme(SelectScheme, null, select => select.ForwardDefaultSelector = context =>
                MonitoringTokenHandler.HasBearer(context.Request) ? MonitoringTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, MonitoringTokenHandler>(MonitoringTokenHandler.SchemeName, null)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/login";
                cookie.LogoutPath = "/logout";
                cookie.AccessDeniedPath = "/login";
                cookie.ExpireTimeSpan = options.SessionLifetime;
                // Absolute: an open page's circuit cannot renew a cookie, so sessions end at sign-in + lifetime everywhere.
                cookie.SlidingExpiration = false;
                cookie.Cookie.Name = "webbroker.dashboard";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    // The user must still be configured with the role and password of the sign-in (security stamp).
                    if (context.Principal is { } user && !DashboardSession.IsCurrent(user, options, DateTime.UtcNow))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
                cookie.Events.OnRedirectToLogin = context =>
                {
                    // A scraper of a protected monitoring endpoint gets 401 and a hint; a browser goes to sign-in.
                    if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MonitoringEndpointMetadata>() is not null
                        && !context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                    }
                    else context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.View, p => p.AddRequirements(new DashboardAccessRequirement(DashboardAccessRequirement.Level.View)))
            .AddPolicy(DashboardPolicies.Act, p => p.AddRequirements(new DashboardAccessRequirement(DashboardAccessRequirement.Level.Act)))
            .AddPolicy(DashboardPolicies.Monitor, p => p.AddRequirements(new DashboardAccessRequirement(DashboardAccessRequirement.Level.Monitor)));
        return services;
    }

    /// <summary>Creates the key ring's directory, readable by this user only (whoever holds the keys can mint cookies).</summary>
    public static void CreateKeyDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>POST /login (form: user, password, returnUrl) and POST /logout, both antiforgery-checked.</summary>
    public static void MapDashboardAccess(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/login", async ([FromForm] string? user, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext context, DashboardAccessOptions options, SignInThrottle throttle, ILoggerFactory logs) =>
        {
            var log = logs.CreateLogger("WebBroker.Dashboard");
            var remote = context.Connection.RemoteIpAddress;
            if (throttle.HeldUntil(user, remote) is { } until)
            {
                // Refused before the password is looked at: guesses cost the guesser time, whatever the request rate.
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds)).ToString();
                // Debug only: a guesser must not be able to flood the log (each failure and lock-out is logged once).
                log.LogDebug("Dashboard login refused for {User} from {Remote}: too many failures, held until {Until:O}", user, remote, until);
                return Results.Redirect("/login?throttled=1");
            }
            var account = user is null ? null : options.Find(user);
            if (account is null || password is null || !options.PasswordMatches(account.Password, password))
            {
                // Which part was wrong is nobody's business; the log names the user, never the password.
                var locked = throttle.Failed(user, remote);
                log.LogWarning("Dashboard login failed for {User} from {Remote}{Locked}", user, remote, locked ? "; locked out" : "");
                return Results.Redirect("/login?failed=1");
            }
            throttle.Succeeded(account.User);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DashboardSession.Principal(account, DateTime.UtcNow));
            // The framework's own test of a local URL (it refuses control characters, "//" and "/\"): anything else goes home.
            return Results.LocalRedirect(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).WithMetadata(DashboardEndpointMetadata.Instance).RequireAntiforgery();
        endpoints.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).WithMetadata(DashboardEndpointMetadata.Instance).RequireAntiforgery();
    }
}

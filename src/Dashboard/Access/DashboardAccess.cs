using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebBroker.Dashboard.Access;

/// <summary>Cookie sign-in for the dashboard: services, and the /login and /logout endpoints.</summary>
public static class DashboardAccess
{
    public static IServiceCollection AddDashboardAccess(this IServiceCollection services, DashboardAccessOptions options)
    {
        services.AddSingleton(options);
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuthorizationHandler, DashboardAccessHandler>();
        services.AddCascadingAuthenticationState();
        // Registered before the framework's own provider (which is only added when none is).
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidator>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
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
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.View, p => p.AddRequirements(new DashboardAccessRequirement(adminOnly: false)))
            .AddPolicy(DashboardPolicies.Act, p => p.AddRequirements(new DashboardAccessRequirement(adminOnly: true)));
        return services;
    }

    /// <summary>POST /login (form: user, password, returnUrl; antiforgery-checked) and POST /logout.</summary>
    public static void MapDashboardAccess(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/login", async ([FromForm] string? user, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext context, DashboardAccessOptions options, ILoggerFactory logs) =>
        {
            var account = user is null ? null : options.Find(user);
            if (account is null || password is null || !options.PasswordMatches(account.Password, password))
            {
                // Which part was wrong is nobody's business; the log names the user, never the password.
                logs.CreateLogger("WebBroker.Dashboard").LogWarning("Dashboard login failed for {User} from {Remote}", user, context.Connection.RemoteIpAddress);
                return Results.Redirect("/login?failed=1");
            }
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, account.User), new Claim(ClaimTypes.Role, account.Role), DashboardSession.SignedIn(DateTime.UtcNow)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl! : "/");
        });
        endpoints.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });
    }

    private static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}

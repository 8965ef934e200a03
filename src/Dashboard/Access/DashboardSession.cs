using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// A session lasts <see cref="DashboardAccessOptions.SessionLifetime"/> from sign-in, however active, and only while
/// its user is still configured with the same role and password (the security stamp): the cookie is refused then,
/// and open pages (whose circuits make no HTTP request that could check the cookie) end then too.
/// </summary>
public static class DashboardSession
{
    public const string SignedInClaim = "webbroker:signed_in";
    public const string StampClaim = "webbroker:stamp";

    public static Claim SignedIn(DateTime now) => new(SignedInClaim, now.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>The principal a sign-in puts in the cookie.</summary>
    public static ClaimsPrincipal Principal(DashboardUser user, DateTime now) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user.User), new Claim(ClaimTypes.Role, user.Role), SignedIn(now), new Claim(StampClaim, user.SecurityStamp())],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static bool IsCurrent(ClaimsPrincipal user, DashboardAccessOptions options, DateTime now)
    {
        if (options.LocalOnly) return true;
        return Expires(user, options) is { } expires && now < expires;
    }

    /// <summary>When the session ends; null when it is no session of a configured user (any more).</summary>
    public static DateTime? Expires(ClaimsPrincipal user, DashboardAccessOptions options)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is not { } name) return null;
        if (options.Find(name) is not { } configured) return null;
        if (user.FindFirst(StampClaim)?.Value != configured.SecurityStamp() || !user.IsInRole(configured.Role)) return null;
        if (user.FindFirst(SignedInClaim)?.Value is not { } value
            || !DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)) return null;
        return signedIn.ToUniversalTime() + options.SessionLifetime;
    }
}

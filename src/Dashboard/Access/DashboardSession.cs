using System.Globalization;
using System.Security.Claims;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// A session lasts <see cref="DashboardAccessOptions.SessionLifetime"/> from sign-in, however active: the cookie
/// expires then, and open pages (whose circuits make no HTTP request that could check the cookie) end then too.
/// </summary>
public static class DashboardSession
{
    public const string SignedInClaim = "webbroker:signed_in";

    public static Claim SignedIn(DateTime now) => new(SignedInClaim, now.ToString("O", CultureInfo.InvariantCulture));

    public static bool IsCurrent(ClaimsPrincipal user, DashboardAccessOptions options, DateTime now)
    {
        if (options.LocalOnly) return true;
        return user.FindFirst(SignedInClaim)?.Value is { } value
            && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
            && now < signedIn.ToUniversalTime() + options.SessionLifetime;
    }
}

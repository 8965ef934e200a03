using System.Security.Claims;
using WebBroker.Dashboard.Access;

namespace WebBroker.DashboardTests;

/// <summary>A dashboard session lasts its lifetime from sign-in, however active the page.</summary>
public class SessionTests
{
    private static readonly DashboardAccessOptions WithUsers = new()
    {
        Users = [new DashboardUser { User = "ops", Password = "x", Role = DashboardRoles.Viewer }],
        SessionLifetime = TimeSpan.FromMinutes(10),
    };

    private static ClaimsPrincipal SignedInAt(DateTime at) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ops"), DashboardSession.SignedIn(at)], "cookie"));

    [Fact]
    public void A_session_is_current_until_its_lifetime_after_sign_in()
    {
        var signedIn = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
        Assert.True(DashboardSession.IsCurrent(SignedInAt(signedIn), WithUsers, signedIn.AddMinutes(9)));
        Assert.False(DashboardSession.IsCurrent(SignedInAt(signedIn), WithUsers, signedIn.AddMinutes(10)));
    }

    [Fact]
    public void A_principal_without_a_sign_in_time_is_not_a_session()
    {
        Assert.False(DashboardSession.IsCurrent(new ClaimsPrincipal(new ClaimsIdentity()), WithUsers, DateTime.UtcNow));
    }
}

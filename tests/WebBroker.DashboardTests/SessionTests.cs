using System.Security.Claims;
using WebBroker.Dashboard.Access;

namespace WebBroker.DashboardTests;

/// <summary>A dashboard session lasts its lifetime from sign-in, however active the page.</summary>
public class SessionTests
{
    private static readonly DashboardUser Ops = new() { User = "ops", Password = "x", Role = DashboardRoles.Viewer };

    private static readonly DashboardAccessOptions WithUsers = new()
    {
        Users = [Ops],
        SessionLifetime = TimeSpan.FromMinutes(10),
    };

    private static ClaimsPrincipal SignedInAt(DateTime at) => DashboardSession.Principal(Ops, at);

    [Fact]
    public void A_session_is_current_until_its_lifetime_after_sign_in()
    {
        var signedIn = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
        Assert.True(DashboardSession.IsCurrent(SignedInAt(signedIn), WithUsers, signedIn.AddMinutes(9)));
        Assert.False(DashboardSession.IsCurrent(SignedInAt(signedIn), WithUsers, signedIn.AddMinutes(10)));
    }

    [Theory]
    [InlineData("ops", "y", DashboardRoles.Viewer)]     // password changed
    [InlineData("ops", "x", DashboardRoles.Admin)]      // role changed
    [InlineData("other", "x", DashboardRoles.Viewer)]   // user removed
    public void A_session_ends_when_its_user_is_changed_or_removed(string user, string password, string role)
    {
        var signedIn = DateTime.UtcNow;
        var options = new DashboardAccessOptions { Users = [Ops, new DashboardUser { User = "root", Password = "r", Role = DashboardRoles.Admin }] };
        Assert.True(DashboardSession.IsCurrent(SignedInAt(signedIn), options, signedIn.AddMinutes(1)));
        options.ReplaceWith(new DashboardAccessOptions { Users = [new DashboardUser { User = user, Password = password, Role = role }] });
        Assert.False(DashboardSession.IsCurrent(SignedInAt(signedIn), options, signedIn.AddMinutes(1)));
    }

    [Fact]
    public void A_principal_without_a_sign_in_time_is_not_a_session()
    {
        Assert.False(DashboardSession.IsCurrent(new ClaimsPrincipal(new ClaimsIdentity()), WithUsers, DateTime.UtcNow));
    }
}

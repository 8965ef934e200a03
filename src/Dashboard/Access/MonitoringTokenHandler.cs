using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WebBroker.Dashboard.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;dashboard.monitoring_token&gt;</c>, for scrapers of the monitoring endpoints when
/// <c>protect_monitoring</c> is on. The token grants those endpoints only, never the dashboard.
/// </summary>
public sealed class MonitoringTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory logs, UrlEncoder encoder, DashboardAccessOptions access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logs, encoder)
{
    public const string SchemeName = "monitoring-token";
    public const string Claim = "webbroker:monitoring";

    public static bool HasBearer(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request)) return Task.FromResult(AuthenticateResult.NoResult());
        var given = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        if (access.MonitoringToken is not { Length: > 0 } expected
            // Hashed first, so that the comparison takes the same time whatever the lengths.
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
            return Task.FromResult(AuthenticateResult.Fail("invalid monitoring token"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "monitoring-token"), new Claim(Claim, "true")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace WebBroker.Dashboard.Access;

/// <summary>Re-checks an open circuit's session every 30 seconds; once it has expired, the circuit's user becomes
/// anonymous (so actions are refused) and <see cref="Components.Shared.SessionGuard"/> sends the page to sign-in.</summary>
public sealed class SessionRevalidator(ILoggerFactory logs, DashboardAccessOptions options) : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        Task.FromResult(DashboardSession.IsCurrent(state.User, options, DateTime.UtcNow));
}

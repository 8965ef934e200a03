using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace WebBroker.Dashboard.Access;

/// <summary>Re-checks an open circuit's session every <see cref="Interval"/>; once it has expired or its user was
/// removed or changed, the circuit's user becomes anonymous (so actions are refused) and
/// <see cref="Components.Shared.SessionGuard"/> sends the page to sign-in. <see cref="DashboardHubGuard"/> then closes
/// the connection of a client that does not go.</summary>
public sealed class SessionRevalidator(ILoggerFactory logs, DashboardAccessOptions options) : RevalidatingServerAuthenticationStateProvider(logs)
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        Task.FromResult(DashboardSession.IsCurrent(state.User, options, DateTime.UtcNow));
}

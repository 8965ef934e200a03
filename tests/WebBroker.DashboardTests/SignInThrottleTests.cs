using System.Net;
using WebBroker.Dashboard.Access;

namespace WebBroker.DashboardTests;

/// <summary>The sign-in throttle's arithmetic on a clock the test moves: backoff doubling to its cap, lock-out
/// after N failures in the window, failures outside the window forgotten, and a lock-out that ends.</summary>
public class SignInThrottleTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly IPAddress Here = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress There = IPAddress.Parse("192.0.2.2");

    private static (SignInThrottle Throttle, Clock Clock) Make(SignInThrottleOptions settings)
    {
        var clock = new Clock();
        return (new SignInThrottle(new DashboardAccessOptions { Throttle = settings }, clock), clock);
    }

    [Fact]
    public void Backoff_doubles_after_each_failure_but_the_first_up_to_its_cap()
    {
        var (throttle, clock) = Make(new() { MaxFailures = 0, Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(4) });
        throttle.Failed("ops", Here);
        Assert.Null(throttle.HeldUntil("ops", Here)); // one typo is free
        TimeSpan[] expected = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)];
        foreach (var wait in expected)
        {
            throttle.Failed("ops", Here);
            Assert.Equal(clock.Now + wait, throttle.HeldUntil("ops", There)); // the user, from anywhere
            Assert.Equal(clock.Now + wait, throttle.HeldUntil("admin", Here)); // the address, for anyone
            Assert.Null(throttle.HeldUntil("admin", There));
            clock.Now += wait;
            Assert.Null(throttle.HeldUntil("ops", Here));
        }
    }

    [Fact]
    public void N_failures_in_the_window_lock_out_until_the_lockout_ends_and_older_ones_are_forgotten()
    {
        var (throttle, clock) = Make(new() { MaxFailures = 3, Window = TimeSpan.FromMinutes(10), Lockout = TimeSpan.FromMinutes(30), Backoff = TimeSpan.Zero });
        Assert.False(throttle.Failed("ops", Here));
        clock.Now += TimeSpan.FromMinutes(11); // that one has left the window
        Assert.False(throttle.Failed("ops", Here));
        Assert.False(throttle.Failed("ops", Here));
        Assert.Null(throttle.HeldUntil("ops", Here));
        Assert.True(throttle.Failed("ops", Here));
        Assert.Equal(clock.Now + TimeSpan.FromMinutes(30), throttle.HeldUntil("ops", There));
        clock.Now += TimeSpan.FromMinutes(30);
        Assert.Null(throttle.HeldUntil("ops", There));
    }

    [Fact]
    public void A_success_clears_its_user_but_not_its_address()
    {
        var (throttle, _) = Make(new() { MaxFailures = 2, Backoff = TimeSpan.Zero });
        throttle.Failed("ops", Here);
        throttle.Failed("nobody", Here); // the address reaches 2: locked
        throttle.Succeeded("ops");
        Assert.Null(throttle.HeldUntil("ops", There));
        Assert.NotNull(throttle.HeldUntil("admin", Here));
    }
}

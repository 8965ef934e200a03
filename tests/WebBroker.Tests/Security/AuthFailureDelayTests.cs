using System.Net;
using WebBroker.Broker.Configuration;
using WebBroker.Broker.Security;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Security;

/// <summary>The per-address memory of auth_failure_delay: doubling waits, a window that forgets, bounded size.</summary>
public sealed class AuthFailureDelayTests
{
    private static readonly AuthFailureDelayOptions On = new()
    {
        Initial = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromMilliseconds(500), Window = TimeSpan.FromSeconds(60), MaxAddresses = 100,
    };

    private static IPAddress Ip(int n) => new(BitConverter.GetBytes(0x0A000000 + n));

    [Fact]
    public void Off_by_default()
    {
        var delay = new AuthFailureDelay();
        Assert.False(new AuthFailureDelayOptions().Enabled);
        for (var i = 0; i < 5; i++) Assert.Equal(TimeSpan.Zero, delay.Failed(Ip(1), new AuthFailureDelayOptions(), i));
        Assert.Equal(0, delay.Count);
    }

    [Fact]
    public void The_first_failure_waits_not_then_each_twice_as_long_up_to_max()
    {
        var delay = new AuthFailureDelay();
        var waits = Enumerable.Range(0, 6).Select(i => (int)delay.Failed(Ip(1), On, 1000 + i).TotalMilliseconds).ToArray();
        Assert.Equal([0, 100, 200, 400, 500, 500], waits);
        // Another address is not affected.
        Assert.Equal(TimeSpan.Zero, delay.Failed(Ip(2), On, 1010));
    }

    [Fact]
    public void An_address_quiet_for_the_window_starts_afresh()
    {
        var delay = new AuthFailureDelay();
        delay.Failed(Ip(1), On, 0);
        Assert.Equal(TimeSpan.FromMilliseconds(100), delay.Failed(Ip(1), On, 60_000));
        Assert.Equal(TimeSpan.Zero, delay.Failed(Ip(1), On, 120_001));
    }

    [Fact]
    public void Memory_stays_within_max_addresses_and_the_busiest_recent_address_is_kept()
    {
        var delay = new AuthFailureDelay();
        long now = 0;
        for (var i = 0; i < 10_000; i++)
        {
            delay.Failed(Ip(i), On, ++now);
            delay.Failed(Ip(-1), On, ++now); // one address keeps failing throughout
            Assert.True(delay.Count <= On.MaxAddresses, $"{delay.Count} addresses remembered");
        }
        Assert.Equal(On.Max, delay.Failed(Ip(-1), On, ++now));
    }

    [Theory]
    [InlineData("auth_failure_delay: \"250ms\"", 250, 10_000, 60_000, 10_000)]
    [InlineData("auth_failure_delay { initial: \"1s\", max: \"30s\", window: \"5m\", max_addresses: 50 }", 1000, 30_000, 300_000, 50)]
    public void The_config_key_is_bound(string text, int initial, int max, int window, int addresses)
    {
        var options = new ServerOptions();
        Assert.Empty(ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), options));
        var d = options.AuthFailureDelay;
        Assert.Equal((initial, max, window, addresses), ((int)d.Initial.TotalMilliseconds, (int)d.Max.TotalMilliseconds, (int)d.Window.TotalMilliseconds, d.MaxAddresses));
    }

    [Theory]
    [InlineData("auth_failure_delay { inital: \"1s\" }", "unknown field \"auth_failure_delay.inital\"")]
    [InlineData("auth_failure_delay: 5", "expected a duration")]
    public void Mistakes_stop_start_up(string text, string reason)
    {
        var ex = Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), new ServerOptions()));
        Assert.Contains(reason, ex.Message);
    }
}

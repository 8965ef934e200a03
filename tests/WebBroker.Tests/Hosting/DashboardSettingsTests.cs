using Microsoft.Extensions.Configuration;
using WebBroker.Web;

namespace WebBroker.Tests.Hosting;

/// <summary>The dashboard's security settings, from the config file's <c>dashboard {}</c> block or appsettings.json's
/// <c>WebBroker:Dashboard</c>, and the data directory that holds its key ring.</summary>
public class DashboardSettingsTests
{
    [Fact]
    public void The_config_block_sets_throttling_and_monitoring_protection_off_by_default()
    {
        var defaults = HostSettings.Resolve(new ConfigurationBuilder().Build(), CommandLine.Parse([])).Dashboard;
        Assert.False(defaults.ProtectMonitoring);
        Assert.Equal((5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)), (defaults.Throttle.MaxFailures, defaults.Throttle.Window, defaults.Throttle.Lockout));

        var path = Path.Combine(Path.GetTempPath(), $"webbroker-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, """
            dashboard {
              login_max_failures: 7, login_failure_window: "2m", login_lockout: "1h", login_backoff: "3s", login_max_backoff: "9s"
              protect_monitoring: true, monitoring_token: "tok"
            }
            """);
        try
        {
            var d = HostSettings.Resolve(new ConfigurationBuilder().Build(), CommandLine.Parse(["-c", path, "-sd", "/tmp/elsewhere"]));
            var t = d.Dashboard.Throttle;
            Assert.Equal((7, TimeSpan.FromMinutes(2), TimeSpan.FromHours(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9)),
                (t.MaxFailures, t.Window, t.Lockout, t.Backoff, t.MaxBackoff));
            Assert.True(d.Dashboard.ProtectMonitoring);
            Assert.Equal("tok", d.Dashboard.MonitoringToken);
            Assert.Equal("/tmp/elsewhere", d.DataDirectory);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Appsettings_set_the_same()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WebBroker:Dashboard:ProtectMonitoring"] = "true",
            ["WebBroker:Dashboard:MonitoringToken"] = "tok",
            ["WebBroker:Dashboard:Throttle:MaxFailures"] = "3",
            ["WebBroker:Dashboard:Throttle:Lockout"] = "00:05:00",
        }).Build();
        var d = HostSettings.Resolve(configuration, CommandLine.Parse([])).Dashboard;
        Assert.True(d.ProtectMonitoring);
        Assert.Equal("tok", d.MonitoringToken);
        Assert.Equal((3, TimeSpan.FromMinutes(5)), (d.Throttle.MaxFailures, d.Throttle.Lockout));
    }
}

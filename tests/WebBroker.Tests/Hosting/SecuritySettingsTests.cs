using Microsoft.Extensions.Configuration;
using WebBroker.Web;

namespace WebBroker.Tests.Hosting;

/// <summary>http_websocket and auth_failure_delay from appsettings.json, as the config file's blocks.</summary>
public sealed class SecuritySettingsTests
{
    private static IConfiguration AppSettings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Appsettings_open_the_HTTP_port_to_listed_origins()
    {
        var s = HostSettings.Resolve(AppSettings(
            ("WebBroker:HttpWebSocket:AllowedOrigins:0", "https://app.example"),
            ("WebBroker:HttpWebSocket:SameOrigin", "false")), CommandLine.Parse([])).Server;
        Assert.Equal(["https://app.example"], s.HttpWebSocket.AllowedOrigins);
        Assert.False(s.HttpWebSocket.SameOrigin);
        Assert.True(HostSettings.Resolve(AppSettings(), CommandLine.Parse([])).Server.HttpWebSocket.SameOrigin);
    }

    [Fact]
    public void Appsettings_turn_the_auth_failure_delay_on()
    {
        var s = HostSettings.Resolve(AppSettings(
            ("WebBroker:AuthFailureDelay:Initial", "00:00:00.5"),
            ("WebBroker:AuthFailureDelay:Max", "00:00:20")), CommandLine.Parse([])).Server;
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), true), (s.AuthFailureDelay.Initial, s.AuthFailureDelay.Max, s.AuthFailureDelay.Enabled));
        Assert.False(HostSettings.Resolve(AppSettings(), CommandLine.Parse([])).Server.AuthFailureDelay.Enabled);
    }
}

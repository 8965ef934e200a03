using Microsoft.Extensions.Configuration;
using WebBroker.Web;

namespace WebBroker.Tests.Hosting;

/// <summary>Where a setting comes from: flags over the config file over appsettings.json (and the
/// environment, the ASP.NET way) over nats-server's defaults.</summary>
public class SettingsPrecedenceTests
{
    private static IConfiguration AppSettings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string ConfigFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"webbroker-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Without_any_source_the_defaults_are_nats_servers()
    {
        var s = HostSettings.Resolve(AppSettings(), CommandLine.Parse([])).Server;
        Assert.Equal((4222, 1024 * 1024, 4096, 64L * 1024 * 1024), (s.Port, s.MaxPayload, s.MaxControlLine, s.MaxPending));
        Assert.Equal((TimeSpan.FromMinutes(2), 2, TimeSpan.FromSeconds(10)), (s.PingInterval, s.MaxPingsOut, s.WriteDeadline));
    }

    [Fact]
    public void Appsettings_values_apply()
    {
        var s = HostSettings.Resolve(AppSettings(("WebBroker:Port", "5000"), ("WebBroker:MaxPayload", "2048")), CommandLine.Parse([])).Server;
        Assert.Equal((5000, 2048), (s.Port, s.MaxPayload));
    }

    [Fact]
    public void Environment_variables_set_the_same_keys_the_aspnet_way()
    {
        const string Name = "WebBroker__MaxControlLine";
        Environment.SetEnvironmentVariable(Name, "777");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            Assert.Equal(777, HostSettings.Resolve(configuration, CommandLine.Parse([])).Server.MaxControlLine);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Name, null);
        }
    }

    [Fact]
    public void The_config_file_overrides_appsettings_and_flags_override_both()
    {
        var file = ConfigFile("port: 6000\nmax_payload: 3000\nserver_name: from_file\n");
        try
        {
            var appSettings = AppSettings(("WebBroker:Port", "5000"), ("WebBroker:MaxPayload", "2048"), ("WebBroker:MaxPending", "100000"));
            var s = HostSettings.Resolve(appSettings, CommandLine.Parse(["-c", file, "-p", "7000"])).Server;
            Assert.Equal(7000, s.Port);            // flag
            Assert.Equal(3000, s.MaxPayload);      // config file
            Assert.Equal(100000, s.MaxPending);    // appsettings
            Assert.Equal("from_file", s.ServerName);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("-p -1 -a 127.0.0.1 -m 8300 -n srv")]
    [InlineData("--port=-1 --addr=127.0.0.1 --http_port 8300 --name srv")]
    public void Nats_server_flags_are_read_in_short_and_long_forms(string args)
    {
        var c = CommandLine.Parse(args.Split(' '));
        Assert.Equal((-1, "127.0.0.1", 8300, "srv"), (c.Port, c.Host, c.HttpPort, c.ServerName));
    }

    [Fact]
    public void Debug_and_trace_flags_combine()
    {
        Assert.True(CommandLine.Parse(["-DV"]) is { Debug: true, Trace: true });
        Assert.True(CommandLine.Parse(["-D"]) is { Debug: true, Trace: false });
    }

    [Fact]
    public void Tls_flags_need_a_certificate_and_cluster_flags_are_reported()
    {
        Assert.Throws<CommandLineException>(() => HostSettings.Resolve(AppSettings(), CommandLine.Parse(["--tls"])));
        var tls = HostSettings.Resolve(AppSettings(), CommandLine.Parse(["--tlscert", "c.pem", "--tlskey", "k.pem", "--tlsverify"])).Server.Tls;
        Assert.Equal(("c.pem", "k.pem", true), (tls!.CertFile, tls.KeyFile, tls.Verify));
        Assert.Equal(["--routes (clustering)"], CommandLine.Parse(["--routes", "nats://a:6222"]).NotYetSupported);
    }

    [Fact]
    public void An_unknown_flag_is_an_error() =>
        Assert.Throws<CommandLineException>(() => CommandLine.Parse(["--no-such-flag"]));
}

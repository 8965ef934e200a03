namespace WebBroker.Tests.Hosting;

/// <summary>Start-up as an operator meets it: a bad config file stops it with a position; traces hide secrets.</summary>
public class StartupTests
{
    [Fact]
    public async Task An_invalid_config_file_stops_start_up_with_file_line_and_column_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        var file = await ConfigFiles.WriteAsync(directory.Path, "port: 4222\nmax_payload: \"lots\"\n");
        var (exitCode, output) = await ServerLauncher.WebBroker.RunToExitAsync(directory.Path, ["-c", file], TimeSpan.FromSeconds(30));
        Assert.Equal(1, exitCode);
        Assert.Contains($"{file}:2:14", output);
    }

    [Theory]
    [InlineData("""CONNECT {"user":"bob","pass":"hunter2","auth_token":"t0k","jwt":"eyJ...","sig":"c2ln"}""")]
    [InlineData("""CONNECT {"pass":"hunter2" broken""")]
    public void Traced_connect_lines_never_show_a_secret(string line)
    {
        var traced = WebBroker.Broker.Logging.ConnectRedaction.Redact(System.Text.Encoding.UTF8.GetBytes(line));
        foreach (var secret in new[] { "hunter2", "t0k", "eyJ", "c2ln" }) Assert.DoesNotContain(secret, traced);
        Assert.StartsWith("CONNECT ", traced);
    }
}

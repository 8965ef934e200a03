using WebBroker.Broker.Configuration;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Configuration;

public class ServerConfigBinderTests
{
    private static (ServerOptions Options, IReadOnlyList<ConfigWarning> Warnings) Bind(string text, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        var options = new ServerOptions();
        var warnings = ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf", n => variables.GetValueOrDefault(n)), options);
        return (options, warnings);
    }

    private static ConfigException BindError(string text) =>
        Assert.Throws<ConfigException>(() => Bind(text));

    [Fact]
    public void The_server_fixture_sets_every_option_it_names()
    {
        var options = new ServerOptions();
        var warnings = ServerConfigBinder.Apply(Fixture.Load("server.conf"), options);

        Assert.Empty(warnings);
        Assert.Equal("wb-test", options.ServerName);
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(4333, options.Port);
        Assert.Equal("localhost", options.HttpHost);
        Assert.Equal(8333, options.HttpPort);
        Assert.Equal(TimeSpan.FromSeconds(30), options.PingInterval);
        Assert.Equal(3, options.MaxPingsOut);
        Assert.Equal(TimeSpan.FromSeconds(5), options.WriteDeadline);
        Assert.True(options.Debug);
        Assert.False(options.Trace);
        Assert.False(options.Logtime);
        Assert.Equal(2 * 1024 * 1024, options.MaxPayload);
        Assert.Equal(8 * 1024, options.MaxControlLine);
        Assert.Equal(128L * 1024 * 1024, options.MaxPending);
        Assert.Equal(1000, options.MaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(45), options.LameDuckDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), options.LameDuckGracePeriod);
        Assert.Equal("nobody", options.NoAuthUser);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.AuthTimeout);
        Assert.Equal("SYS", options.SystemAccount);
    }

    [Fact]
    public void Options_not_in_the_file_keep_their_values()
    {
        var (options, _) = Bind("port: 5000");
        // nats-server's defaults, written out (not read back from the code under test).
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(1048576, options.MaxPayload);
        Assert.Equal(4096, options.MaxControlLine);
        Assert.Equal(64L * 1024 * 1024, options.MaxPending);
        Assert.Equal(65536, options.MaxConnections);
        Assert.Equal(TimeSpan.FromMinutes(2), options.PingInterval);
        Assert.Equal(2, options.MaxPingsOut);
        Assert.Equal(TimeSpan.FromSeconds(2), options.AuthTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WriteDeadline);
        Assert.Equal(TimeSpan.FromMinutes(2), options.LameDuckDuration);
        // WebBroker's own: the dashboard and monitoring port (nats-server has none unless asked).
        Assert.Equal(8222, options.HttpPort);
    }

    [Theory]
    [InlineData("listen: 127.0.0.1:4222", "127.0.0.1", 4222)]
    [InlineData("listen: \"0.0.0.0:5222\"", "0.0.0.0", 5222)]
    [InlineData("listen: localhost:6222", "localhost", 6222)]
    [InlineData("listen: \"[::1]:7222\"", "::1", 7222)]
    [InlineData("listen: \":8222\"", "0.0.0.0", 8222)]
    [InlineData("listen: 4333", "0.0.0.0", 4333)]
    [InlineData("port: 4444", "0.0.0.0", 4444)]
    [InlineData("port: -1", "0.0.0.0", -1)]
    [InlineData("host: 10.0.0.1\nport: 1", "10.0.0.1", 1)]
    [InlineData("net: example.org", "example.org", 4222)]
    public void The_client_listener_comes_from_listen_or_host_and_port(string text, string host, int port)
    {
        var (options, _) = Bind(text);
        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
    }

    [Theory]
    [InlineData("http: localhost:8222", "localhost", 8222)]
    [InlineData("http: 127.0.0.1:9222", "127.0.0.1", 9222)]
    [InlineData("http: 8333", null, 8333)]
    [InlineData("http_port: 8444", null, 8444)]
    [InlineData("monitor_port: 8555", null, 8555)]
    [InlineData("http_port: 0", null, 0)]
    public void The_monitoring_listener_comes_from_http_or_http_port(string text, string? host, int port)
    {
        var (options, _) = Bind(text);
        Assert.Equal(host, options.HttpHost);
        Assert.Equal(port, options.HttpPort);
    }

    [Theory]
    [InlineData("ping_interval: \"2m\"", 120)]
    [InlineData("ping_interval: \"1m30s\"", 90)]
    [InlineData("ping_interval: 45s", 45)]
    [InlineData("ping_interval: 120", 120)]
    [InlineData("ping_interval: \"0s\"", 120)]
    public void The_ping_interval_is_a_duration_or_a_number_of_seconds(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Bind(text).Options.PingInterval);

    [Fact]
    public void A_duration_given_as_a_number_warns_as_nats_server_does()
    {
        var (_, warnings) = Bind("port: 1\nping_interval: 120");
        var warning = Assert.Single(warnings);
        Assert.Equal(ConfigWarningKind.Advice, warning.Kind);
        Assert.Equal("test.conf:2:1: invalid use of field \"ping_interval\": ping_interval should be converted to a duration", warning.ToString());
    }

    [Fact]
    public void An_unquoted_2m_ping_interval_warns_that_it_is_two_million_seconds()
    {
        var (options, warnings) = Bind("ping_interval: 2m");
        Assert.Equal(TimeSpan.FromSeconds(2_000_000), options.PingInterval);
        Assert.Contains("quote it: \"2m\"", Assert.Single(warnings).Message);
    }

    [Fact]
    public void Write_deadline_and_lame_duck_settings_are_durations()
    {
        var (options, warnings) = Bind("write_deadline: \"10s\"\nlame_duck_duration: \"1m\"\nlame_duck_grace_period: \"2s\"");
        Assert.Empty(warnings);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WriteDeadline);
        Assert.Equal(TimeSpan.FromMinutes(1), options.LameDuckDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), options.LameDuckGracePeriod);
    }

    [Theory]
    [InlineData("max_payload: 1MB", 1024 * 1024)]
    [InlineData("max_payload: 64KB", 64 * 1024)]
    [InlineData("max_payload: 1k", 1000)]
    [InlineData("max_payload: 512", 512)]
    [InlineData("max_payload: 0", 1024 * 1024)]
    public void Max_payload_is_a_size(string text, int expected) =>
        Assert.Equal(expected, Bind(text).Options.MaxPayload);

    [Theory]
    [InlineData("gc_heap_limit: 512MB", 512L * 1024 * 1024)]
    [InlineData("gc_heap_limit: 0", 0L)]
    [InlineData("listen: 4222", 0L)]
    public void Gc_heap_limit_is_a_size_and_off_by_default(string text, long expected) =>
        Assert.Equal(expected, Bind(text).Options.GcHeapLimit);

    [Fact]
    public void Limits_and_flags_are_applied()
    {
        var (options, warnings) = Bind("""
            max_control_line: 2KB
            max_pending: 32MB
            max_conn: 100
            max_subs: 50
            ping_max: 5
            trace_verbose: true
            logtime: off
            log_file: "/tmp/wb.log"
            pid_file: /tmp/wb.pid
            client_advertise: "nats.example.org:4222"
            http_base_path: /monitor
            no_header_support: true
            no_sys_acc: yes
            system: SYS2
            """);
        Assert.Empty(warnings);
        Assert.Equal(2048, options.MaxControlLine);
        Assert.Equal(32L * 1024 * 1024, options.MaxPending);
        Assert.Equal(100, options.MaxConnections);
        Assert.Equal(50, options.MaxSubscriptions);
        Assert.Equal(5, options.MaxPingsOut);
        Assert.True(options.TraceVerbose);
        Assert.True(options.Trace);
        Assert.False(options.Logtime);
        Assert.Equal("/tmp/wb.log", options.LogFile);
        Assert.Equal("/tmp/wb.pid", options.PidFile);
        Assert.Equal("nats.example.org:4222", options.ClientAdvertise);
        Assert.Equal("/monitor", options.HttpBasePath);
        Assert.True(options.NoHeaderSupport);
        Assert.True(options.NoSystemAccount);
        Assert.Equal("SYS2", options.SystemAccount);
    }

    [Fact]
    public void Option_names_ignore_case_and_the_last_one_written_wins()
    {
        var (options, _) = Bind("PORT: 1\nMax_Payload: 2KB\nport: 3");
        Assert.Equal(3, options.Port);
        Assert.Equal(2048, options.MaxPayload);
    }

    [Theory]
    [InlineData("timeout: 3", 3.0)]
    [InlineData("timeout: 0.5", 0.5)]
    [InlineData("timeout: \"750ms\"", 0.75)]
    public void The_authorization_timeout_is_in_seconds_or_a_duration(string inner, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Bind($"authorization {{ {inner} }}").Options.AuthTimeout);

    [Fact]
    public void An_authorization_timeout_over_a_minute_warns()
    {
        var (options, warnings) = Bind("authorization { timeout: 90 }");
        Assert.Equal(TimeSpan.FromSeconds(90), options.AuthTimeout);
        Assert.Equal(ConfigWarningKind.Advice, Assert.Single(warnings).Kind);
    }

    [Fact]
    public void The_warnings_fixture_reports_unknown_and_unsupported_keys_with_their_places()
    {
        var options = new ServerOptions();
        var warnings = ServerConfigBinder.Apply(Fixture.Load("warnings.conf"), options);
        var file = Fixture.PathOf("warnings.conf");

        Assert.Equal(
            [
                $"{file}:2:1: invalid use of field \"ping_interval\": ping_interval should be converted to a duration",
                $"{file}:3:1: \"jetstream\" is not yet supported by WebBroker and is ignored",
                $"{file}:6:1: unknown field \"unknown_thing\"",
                $"{file}:10:3: unknown field \"colour\"",
            ],
            warnings.Select(w => w.ToString()));
        Assert.Equal(
            [ConfigWarningKind.Advice, ConfigWarningKind.NotYetSupported, ConfigWarningKind.UnknownField, ConfigWarningKind.UnknownField],
            warnings.Select(w => w.Kind));
        Assert.Equal(("alice", "secret"), (options.Username, options.Password));

        // helper = 10s is unknown to nats-server, but it served as a variable: no warning.
        Assert.Equal(TimeSpan.FromSeconds(10), options.WriteDeadline);
    }

    [Theory]
    [InlineData("accounts { A { users: [ { user: a, password: b, allowed_connection_types: [ STANDARD ] } ] } }")]
    [InlineData("authorization { users: [ { user: a, password: b, proxy_required: true } ] }")]
    [InlineData("authorization { token: t, permissions: { publish: x } }")]
    public void Access_control_not_yet_supported_stops_start_up_rather_than_being_ignored(string text)
    {
        var ex = Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), new ServerOptions()));
        Assert.Contains("is not yet supported by WebBroker; refusing to start without the", ex.Message);
    }

    [Theory]
    [InlineData("resolver: URL(\"http://localhost:9090/jwt/v1/accounts/\")")]
    [InlineData("resolver: \"URL(http://localhost:9090/jwt/v1/accounts/)\"")]
    public void The_url_account_resolver_is_read_with_its_address(string text)
    {
        var options = new ServerOptions();
        ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), options);
        Assert.Equal(ResolverKind.Url, options.Operator!.Resolver!.Kind);
        Assert.Equal("http://localhost:9090/jwt/v1/accounts/", options.Operator.Resolver.Url);
    }

    [Fact]
    public void Users_and_accounts_are_bound_with_their_accounts()
    {
        var options = new ServerOptions();
        var warnings = ServerConfigBinder.Apply(ConfigFile.Parse("""
            authorization { users: [ { user: g, password: gp } ] }
            accounts {
              A { users: [ { user: a, password: ap } ], exports: [ { stream: "x.>" } ] }
              B { users: [ { user: b, password: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" } ] }
            }
            no_auth_user: g
            """, "test.conf"), options);
        Assert.Equal(["A", "B"], options.Accounts.Select(a => a.Name));
        Assert.Equal([("g", (string?)null), ("a", "A"), ("b", "B")], options.Users.Select(u => (u.User, u.Account)));
        Assert.Equal("g", options.NoAuthUser);
        Assert.Empty(warnings);
        Assert.Equal("x.>", Assert.Single(options.Accounts.Single(a => a.Name == "A").Exports).Subject);
    }

    [Fact]
    public void The_websocket_block_is_bound()
    {
        var options = new ServerOptions();
        var warnings = ServerConfigBinder.Apply(ConfigFile.Parse("""
            websocket { listen: "127.0.0.1:8443", no_tls: true, compression: true, same_origin: true, allowed_origins: [ "https://a.example" ], handshake_timeout: "5s" }
            """, "test.conf"), options);
        Assert.Empty(warnings);
        var ws = options.WebSocket;
        Assert.Equal(("127.0.0.1", 8443, true, true, true), (ws.Host, ws.Port, ws.NoTls, ws.Compression, ws.SameOrigin));
        Assert.Equal(["https://a.example"], ws.AllowedOrigins);
        Assert.Equal(TimeSpan.FromSeconds(5), ws.HandshakeTimeout);
    }

    [Theory]
    [InlineData("websocket { port: 8080, tls { cert_file: a } }", "tls needs cert_file and key_file")]
    [InlineData("websocket { port: 8080 }", "websocket requires TLS configuration")]
    [InlineData("websocket { port: 8080, no_tls: true, no_auth_user: bob }\nauthorization { users: [ { user: alice, password: a } ] }",
        "no_auth_user: \"bob\" not present as user in authorization block or account configuration")]
    [InlineData("websocket { port: 8080, no_tls: true, authorization { token: x } }\nauthorization { users: [ { user: alice, password: a } ] }",
        "websocket authentication token not compatible with presence of users/nkeys")]
    [InlineData("websocket { port: 8080, no_tls: true, jwt_cookie: c }", "trusted operators or trusted keys configuration is required for JWT authentication via cookie \"c\"")]
    public void Websocket_blocks_nats_server_refuses_are_refused_with_its_reason(string text, string reason)
    {
        var ex = Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), new ServerOptions()));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Websocket_credentials_bind_to_the_websocket_options()
    {
        var options = new ServerOptions();
        ServerConfigBinder.Apply(ConfigFile.Parse("websocket { port: 8080, no_tls: true, authorization { user: u, password: p, timeout: 3 } }", "test.conf"), options);
        Assert.Equal(("u", "p", TimeSpan.FromSeconds(3), true), (options.WebSocket.Username, options.WebSocket.Password, options.WebSocket.AuthTimeout, options.WebSocket.AuthOverride));
    }

    [Fact]
    public void Imports_are_bound_and_checked_against_the_exports()
    {
        const string Accounts = """
            accounts {
              A { exports: [ { stream: "pub.>" }, { service: "private.svc", accounts: [B] } ] }
              B { imports: [ { service: { account: A, subject: "private.svc" }, to: "svc" }, { stream: { account: A, subject: "pub.x" } } ] }
              C { imports: [ { service: { account: A, subject: "private.svc" } } ] }
            }
            """;
        var ex = Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse(Accounts, "test.conf"), new ServerOptions()));
        Assert.Contains("account C is not authorized to import \"private.svc\" from account A", ex.Message);

        var options = new ServerOptions();
        ServerConfigBinder.Apply(ConfigFile.Parse(Accounts.Replace("C { imports: [ { service: { account: A, subject: \"private.svc\" } } ] }", "C {}"), "test.conf"), options);
        var b = options.Accounts.Single(a => a.Name == "B");
        Assert.Equal([("A", "private.svc", true, "svc"), ("A", "pub.x", false, (string?)null)], b.Imports.Select(i => (i.Account, i.Subject, i.IsService, i.To)));
        Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse(
            "accounts { A {}, B { imports: [ { stream: { account: A, subject: \"nope\" } } ] } }", "test.conf"), new ServerOptions()));
    }

    [Fact]
    public void A_single_token_or_user_in_authorization_is_applied()
    {
        var options = new ServerOptions();
        ServerConfigBinder.Apply(ConfigFile.Parse("authorization { token: s3cret, timeout: 1 }", "test.conf"), options);
        Assert.Equal("s3cret", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(1), options.AuthTimeout);
    }

    [Theory]
    [InlineData("jetstream: enabled")]
    [InlineData("mqtt { port: 1883 }")]
    [InlineData("cluster { port: 6222 }")]
    [InlineData("leafnodes { port: 7422 }")]
    [InlineData("gateway { name: A }")]
    public void Known_sections_not_yet_applied_are_reported_as_not_yet_supported(string text) =>
        Assert.Equal(ConfigWarningKind.NotYetSupported, Assert.Single(Bind(text).Warnings).Kind);

    [Theory]
    [InlineData("max_payload: \"abc\"", "test.conf:1:14: max_payload: expected an integer, got string \"abc\"")]
    [InlineData("port: -5", "test.conf:1:7: port: port -5 is out of range (0 to 65535, or -1 for a random port)")]
    [InlineData("port: 70000", "test.conf:1:7: port: port 70000 is out of range (0 to 65535, or -1 for a random port)")]
    [InlineData("port: \"4222\"", "test.conf:1:7: port: expected an integer, got string \"4222\"")]
    [InlineData("listen: \"nohost\"", "test.conf:1:9: could not parse address string \"nohost\"")]
    [InlineData("listen: \"a:b:4222\"", "test.conf:1:9: could not parse address string \"a:b:4222\"")]
    [InlineData("listen: localhost:http", "test.conf:1:9: could not parse port \"http\"")]
    [InlineData("listen: [4222]", "test.conf:1:9: listen: expected port or host:port, got array")]
    [InlineData("max_payload: 3GB", "test.conf:1:14: max_payload value is too big")]
    [InlineData("max_payload: -1", "test.conf:1:14: max_payload value can not be negative")]
    [InlineData("debug: 1", "test.conf:1:8: debug: expected a boolean (true, false, yes, no, on, off), got integer 1")]
    [InlineData("write_deadline: \"10 seconds\"", "test.conf:1:17: error parsing write_deadline: time: unknown unit \" seconds\" in duration \"10 seconds\"")]
    [InlineData("ping_interval: \"-1s\"", "test.conf:1:16: ping_interval can not be negative")]
    [InlineData("lame_duck_duration: \"10s\"", "test.conf:1:21: invalid lame_duck_duration of 10s, minimum is 30 seconds")]
    [InlineData("lame_duck_duration: 60", "test.conf:1:21: lame_duck_duration: expected a duration such as \"10s\" or \"2m\", got integer 60")]
    [InlineData("lame_duck_grace_period: \"-1s\"", "test.conf:1:25: invalid lame_duck_grace_period, needs to be positive")]
    [InlineData("server_name: \"my server\"", "test.conf:1:14: server name cannot contain spaces")]
    [InlineData("system_account: 1", "test.conf:1:17: system account name must be a string")]
    [InlineData("authorization: 5", "test.conf:1:16: authorization: expected a map, got integer 5")]
    [InlineData("authorization { timeout: true }", "test.conf:1:26: error parsing authorization config, 'timeout' expects seconds or a duration, got boolean true")]
    [InlineData("authorization { timeout: -1 }", "test.conf:1:26: authorization timeout can not be negative")]
    [InlineData("ping_interval: 1e", "test.conf:1:16: ping_interval value is too big")]
    public void Invalid_values_are_errors_at_the_value(string text, string expected) =>
        Assert.Equal(expected, BindError(text).Message);

    [Fact]
    public void Every_invalid_value_is_reported_at_once()
    {
        var error = BindError("port: x\ndebug: 3\nmax_payload: 1MB");
        Assert.Equal(2, error.Problems.Count);
        Assert.Equal(new ConfigPosition("test.conf", 1, 7), error.Position);
        Assert.Equal(
            "test.conf:1:7: port: expected an integer, got string \"x\"" + Environment.NewLine +
            "test.conf:2:8: debug: expected a boolean (true, false, yes, no, on, off), got integer 3",
            error.Message);
    }

    [Fact]
    public void Values_from_the_environment_are_bound()
    {
        var (options, _) = Bind("port: $P\nmax_payload: $M", ("P", "4999"), ("M", "1MB"));
        Assert.Equal(4999, options.Port);
        Assert.Equal(1024 * 1024, options.MaxPayload);
    }

    [Fact]
    public void The_env_fixture_reads_port_and_payload_from_the_environment()
    {
        var options = new ServerOptions();
        ServerConfigBinder.Apply(Fixture.Load("env.conf", ("WB_TEST_PORT", "4555"), ("WB_TEST_PAYLOAD", "512KB")), options);
        Assert.Equal(4555, options.Port);
        Assert.Equal(512 * 1024, options.MaxPayload);
    }

    [Fact]
    public void The_json_fixture_is_bound_like_any_other()
    {
        var options = new ServerOptions();
        Assert.Empty(ServerConfigBinder.Apply(Fixture.Load("json.conf"), options));
        Assert.Equal(4444, options.Port);
        Assert.Equal(65536, options.MaxPayload);
        Assert.True(options.Debug);
    }

    [Theory]
    [InlineData("invalid/bad-value.conf", 2, 14)]
    [InlineData("invalid/bad-duration.conf", 1, 17)]
    [InlineData("invalid/too-big.conf", 1, 14)]
    [InlineData("invalid/short-lame-duck.conf", 1, 21)]
    public void Invalid_fixtures_fail_to_bind_at_the_value(string name, int line, int column)
    {
        var document = Fixture.Load(name);
        var error = Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(document, new ServerOptions()));
        Assert.Equal(new ConfigPosition(Fixture.PathOf(name), line, column), error.Position);
    }

    [Fact]
    public void An_unknown_field_is_a_warning_not_an_error()
    {
        var warnings = ServerConfigBinder.Apply(Fixture.Load("invalid/unknown-field.conf"), new ServerOptions());
        var warning = Assert.Single(warnings);
        Assert.Equal(ConfigWarningKind.UnknownField, warning.Kind);
        Assert.Equal($"{Fixture.PathOf("invalid/unknown-field.conf")}:2:1: unknown field \"no_such_option\"", warning.ToString());
    }
}

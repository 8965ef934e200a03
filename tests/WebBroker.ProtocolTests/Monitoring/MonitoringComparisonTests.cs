using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// The monitoring endpoints of WebBroker and of nats-server, after the same traffic, side by side:
/// every field nats-server sends is there with the same JSON type, and the figures that describe the
/// traffic agree.
/// </summary>
public sealed class MonitoringComparisonTests : IAsyncLifetime
{
    private ServerProcess _nats = null!;
    private ServerProcess _ours = null!;
    private readonly List<RawClient> _clients = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        _nats = await ServerProcess.StartAsync(ServerKind.NatsServer, monitor: true);
        _ours = await ServerProcess.StartAsync(ServerKind.WebBroker, monitor: true);
        foreach (var server in new[] { _nats, _ours }) await RunScenarioAsync(server);
    }

    /// <summary>Two named clients, three subscriptions (one in a queue group), five messages.</summary>
    private async Task RunScenarioAsync(ServerProcess server)
    {
        var sub = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"name":"watcher","lang":"test","version":"1.2.3"}""");
        var pub = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"name":"talker","lang":"test","version":"1.2.3"}""");
        _clients.AddRange([sub, pub]);
        await sub.SendAsync("SUB news.* 1\r\nSUB work workers 2\r\nSUB other 3\r\nPING\r\n");
        await sub.ExpectLineAsync("PONG");
        await pub.SendAsync("PUB news.a 5\r\nhello\r\nPUB news.b 3\r\nbye\r\nPUB work 4\r\njob1\r\nPUB work 4\r\njob2\r\nPUB nowhere 1\r\nx\r\nPING\r\n");
        await pub.ExpectLineAsync("PONG");
        for (var i = 0; i < 4; i++) await sub.ReadMsgAsync();
    }

    private async Task<(JsonElement Nats, JsonElement Ours)> BothAsync(string path)
    {
        async Task<JsonElement> Get(ServerProcess s) =>
            JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{await s.HttpPortAsync()}{path}")).RootElement.Clone();
        return (await Get(_nats), await Get(_ours));
    }

    [Theory]
    [InlineData("/varz")]
    [InlineData("/connz")]
    [InlineData("/connz?subs=1")]
    [InlineData("/connz?subs=detail")]
    [InlineData("/connz?state=closed")]
    [InlineData("/subsz")]
    [InlineData("/subsz?subs=1")]
    [InlineData("/subsz?subs=1&offset=1&limit=2")]
    [InlineData("/accountz")]
    [InlineData("/accstatz")]
    [InlineData("/routez")]
    [InlineData("/gatewayz")]
    [InlineData("/leafz")]
    [InlineData("/jsz")]
    [InlineData("/healthz")]
    public async Task Every_field_of_nats_server_is_there_with_the_same_type(string path)
    {
        var (nats, ours) = await BothAsync(path);
        AssertSameShape(nats, ours, path);
    }

    [Fact]
    public async Task Varz_figures_agree()
    {
        var (nats, ours) = await BothAsync("/varz");
        foreach (var field in new[] { "connections", "total_connections", "in_msgs", "out_msgs", "in_bytes", "out_bytes", "slow_consumers",
                     "max_payload", "max_control_line", "max_pending", "max_connections", "ping_interval", "ping_max", "write_deadline", "auth_timeout", "proto", "host" })
            Assert.True(nats.GetProperty(field).ToString() == ours.GetProperty(field).ToString(),
                $"/varz {field}: nats-server {nats.GetProperty(field)}, WebBroker {ours.GetProperty(field)}");
    }

    [Fact]
    public async Task Connz_figures_agree_per_connection()
    {
        var (nats, ours) = await BothAsync("/connz?subs=1");
        Assert.Equal(nats.GetProperty("num_connections").GetInt32(), ours.GetProperty("num_connections").GetInt32());
        var a = nats.GetProperty("connections").EnumerateArray().ToList();
        var b = ours.GetProperty("connections").EnumerateArray().ToList();
        for (var i = 0; i < a.Count; i++)
        {
            foreach (var field in new[] { "name", "lang", "version", "subscriptions", "in_msgs", "out_msgs", "in_bytes", "out_bytes", "pending_bytes", "kind", "type", "ip" })
                Assert.True(a[i].GetProperty(field).ToString() == b[i].GetProperty(field).ToString(),
                    $"/connz connection {i} {field}: nats-server {a[i].GetProperty(field)}, WebBroker {b[i].GetProperty(field)}");
            Assert.Equal(Subjects(a[i]), Subjects(b[i]));
        }
        static string[] Subjects(JsonElement c) => c.TryGetProperty("subscriptions_list", out var l) ? [.. l.EnumerateArray().Select(e => e.GetString()!).Order()] : [];
    }

    [Fact]
    public async Task Subsz_test_finds_the_same_subscribers()
    {
        var (nats, ours) = await BothAsync("/subsz?subs=1&test=news.a");
        Assert.Equal(nats.GetProperty("total").GetInt32(), ours.GetProperty("total").GetInt32());
        static string[] Subjects(JsonElement s) => [.. s.GetProperty("subscriptions_list").EnumerateArray().Select(e => e.GetProperty("subject").GetString()!)];
        Assert.Equal(Subjects(nats), Subjects(ours));
    }

    [Theory]
    [InlineData("/subsz")]
    [InlineData("/subsz?subs=1&test=none.here")]
    [InlineData("/subsz?subs=1&offset=1&limit=2")]
    public async Task Subsz_has_exactly_the_fields_of_nats_server(string path)
    {
        var (nats, ours) = await BothAsync(path);
        static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(Names(nats), Names(ours));
        if (nats.TryGetProperty("subscriptions_list", out var list))
        {
            Assert.Equal(list.GetArrayLength(), ours.GetProperty("subscriptions_list").GetArrayLength());
            Assert.Equal(nats.GetProperty("total").GetInt32(), ours.GetProperty("total").GetInt32());
        }
    }

    /// <summary>The same SUBs, PUBs and UNSUB move the global account's counters alike on both servers.
    /// Two connections publish the same four subjects once each: nats-server's per-connection cache
    /// would hide a connection's repeated match, and WebBroker caches a subject from its second match.</summary>
    [Fact]
    public async Task Subsz_counters_move_as_nats_servers_do()
    {
        const string Path = "/subsz?acc=$G";
        var (natsBefore, oursBefore) = await BothAsync(Path);
        foreach (var server in new[] { _nats, _ours })
        {
            var c = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false}""");
            var p1 = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false}""");
            var p2 = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false}""");
            _clients.AddRange([c, p1, p2]);
            await c.SendAsync("SUB fan.* 1\r\nSUB fan.a g 2\r\nSUB fan.b 3\r\nPING\r\n");
            await c.ExpectLineAsync("PONG");
            foreach (var publisher in new[] { p1, p2 })
            {
                await publisher.SendAsync("PUB fan.a 1\r\nx\r\nPUB fan.b 1\r\nx\r\nPUB fan.c 1\r\nx\r\nPUB empty.d 1\r\nx\r\nPING\r\n");
                await publisher.ExpectLineAsync("PONG");
            }
            for (var i = 0; i < 10; i++) await c.ReadMsgAsync();
            await c.SendAsync("UNSUB 3\r\nPING\r\n");
            await c.ExpectLineAsync("PONG");
        }
        var (natsAfter, oursAfter) = await BothAsync(Path);
        foreach (var field in new[] { "num_subscriptions", "num_inserts", "num_removes", "num_matches", "num_cache" })
        {
            var a = natsAfter.GetProperty(field).GetInt64() - natsBefore.GetProperty(field).GetInt64();
            var b = oursAfter.GetProperty(field).GetInt64() - oursBefore.GetProperty(field).GetInt64();
            Assert.True(a == b, $"/subsz {field} moved by {a} on nats-server, {b} on WebBroker");
        }
    }

    /// <summary>Every property of <paramref name="expected"/> exists in <paramref name="actual"/> with the same JSON kind
    /// (null only where the other has null), recursively; an array is empty on both sides or on neither, and every
    /// element of it must have the shape of some element of the other (elements differ in optional fields, and the
    /// two servers order them differently).</summary>
    private static void AssertSameShape(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(Kind(expected) == Kind(actual), $"{path}: nats-server has {expected.ValueKind}, WebBroker {actual.ValueKind}");
        if (expected.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in expected.EnumerateObject())
            {
                // Go's own facts have no counterpart.
                if (property.Name is "go" or "gomaxprocs") continue;
                Assert.True(actual.TryGetProperty(property.Name, out var other), $"{path}.{property.Name} is missing from WebBroker's answer");
                AssertSameShape(property.Value, other, $"{path}.{property.Name}");
            }
        }
        else if (expected.ValueKind == JsonValueKind.Array)
        {
            Assert.True(expected.GetArrayLength() > 0 == actual.GetArrayLength() > 0,
                $"{path}: nats-server has {expected.GetArrayLength()} elements, WebBroker {actual.GetArrayLength()}");
            var i = 0;
            foreach (var element in expected.EnumerateArray())
            {
                var errors = new List<string>();
                foreach (var candidate in actual.EnumerateArray())
                {
                    try
                    {
                        AssertSameShape(element, candidate, $"{path}[{i}]");
                        errors.Clear();
                        break;
                    }
                    catch (Xunit.Sdk.XunitException ex)
                    {
                        errors.Add(ex.Message);
                    }
                }
                Assert.True(errors.Count == 0, errors.FirstOrDefault());
                i++;
            }
        }
    }

    private static JsonValueKind Kind(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : e.ValueKind;

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) await c.DisposeAsync();
        _http.Dispose();
        if (_nats is not null) await _nats.DisposeAsync();
        if (_ours is not null) await _ours.DisposeAsync();
    }
}

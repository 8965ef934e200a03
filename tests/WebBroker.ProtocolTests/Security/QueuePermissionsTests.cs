namespace WebBroker.ProtocolTests;

/// <summary>
/// Subscribe permissions with queue entries ("subject queue"), allow and deny, for plain and queue
/// subscriptions, literal and wildcard subjects and queues. nats-server's rule: for a queue subscription
/// the queue entries that match its subject decide whenever there are any (a wildcard queue entry covers
/// the queues it matches), the plain entries otherwise; a plain subscription sees only plain entries.
/// </summary>
public sealed class QueuePermissionsTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        authorization {
          users: [
            { user: allow, password: pw, permissions: { subscribe: { allow: ["foo", "foo q1", "bar q.*", "wild.* qw", "any.>"] } } }
            { user: deny, password: pw, permissions: { subscribe: { deny: ["jobs badq", "work.* q.*", "all", "both", "both q1"] } } }
            { user: free, password: pw }
          ]
        }
        """;

    private static string Login(string user) => $$"""{"verbose":false,"pedantic":false,"user":"{{user}}","pass":"pw"}""";

    /// <summary>"user: subject [queue] -> accepted|refused".</summary>
    public static TheoryData<ServerKind, string> Cases => Servers.Cross(
        // allow list: plain entries admit plain subscriptions, and queue subscriptions only when no queue entry matches
        "allow: foo -> accepted",
        "allow: foo q1 -> accepted",
        "allow: foo q2 -> refused",
        "allow: any.x -> accepted",
        "allow: any.x q9 -> accepted",
        "allow: other -> refused",
        "allow: other q1 -> refused",
        // allow list: a queue-only entry admits only the queues it names
        "allow: bar -> refused",
        "allow: bar q.1 -> accepted",
        "allow: bar q.* -> accepted",
        "allow: bar q.> -> refused",
        "allow: bar q2 -> refused",
        "allow: wild.x qw -> accepted",
        "allow: wild.* qw -> accepted",
        "allow: wild.x other -> refused",
        "allow: wild.x -> refused",
        // deny list: a queue entry refuses only the queues it names
        "deny: jobs badq -> refused",
        "deny: jobs goodq -> accepted",
        "deny: jobs -> accepted",
        "deny: work.a q.1 -> refused",
        "deny: work.* q.2 -> refused",
        "deny: work.a q2 -> accepted",
        "deny: work.a -> accepted",
        "deny: work.* -> accepted",
        // deny list: a plain entry refuses queue subscriptions too, unless queue entries match the subject
        "deny: all -> refused",
        "deny: all anyq -> refused",
        "deny: both -> refused",
        "deny: both q1 -> refused",
        "deny: both q2 -> accepted");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_subscription_is_accepted_or_refused_as_nats_server_does(ServerKind kind, string @case)
    {
        var user = @case[..@case.IndexOf(':')];
        var sub = @case[(user.Length + 2)..@case.IndexOf(" -> ", StringComparison.Ordinal)];
        var allowed = @case.EndsWith("-> accepted", StringComparison.Ordinal);
        var server = await pool.GetAsync(kind, Config);
        await using var client = await server.ConnectReadyAsync(Login(user));
        await client.SendAsync($"SUB {sub} 1\r\nPING\r\n");
        if (!allowed)
        {
            var parts = sub.Split(' ');
            await client.ExpectLineAsync(parts.Length == 1
                ? $"-ERR 'Permissions Violation for Subscription to \"{parts[0]}\"'"
                : $"-ERR 'Permissions Violation for Subscription to \"{parts[0]}\" using queue \"{parts[1]}\"'");
        }
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_queue_deny_entry_does_not_hide_messages_from_other_subscriptions(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var denied = await server.ConnectReadyAsync(Login("deny"));
        await denied.SendAsync("SUB jobs 1\r\nSUB jobs goodq 2\r\nPING\r\n");
        await denied.ExpectLineAsync("PONG");
        await using var free = await server.ConnectReadyAsync(Login("free"));
        await free.SendAsync("PUB jobs 2\r\nj1\r\nPING\r\n");
        await free.ExpectLineAsync("PONG");
        var first = await denied.ReadMsgAsync();
        var second = await denied.ReadMsgAsync();
        Assert.Equal(["1", "2"], new[] { first.Sid, second.Sid }.Order());
        Assert.All(new[] { first, second }, m => Assert.Equal("j1", m.Payload));
    }
}

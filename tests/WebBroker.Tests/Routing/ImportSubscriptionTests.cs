using System.Text.Json.Nodes;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Routing;

/// <summary>Imports live in the sublists: account JWT updates that add, change or remove imports add and remove
/// their subscriptions (and the shadows of connected clients' subscriptions), and repeated updates leave none behind.</summary>
public class ImportSubscriptionTests
{
    private readonly TestKey _operator = TestKey.Operator();
    private readonly TestKey _exporter = TestKey.Account();
    private readonly TestKey _importer = TestKey.Account();

    private string ExporterJwt() => TestJwt.Issue(_operator, _exporter.PublicKey, "account", With(TestJwt.Unlimited(), "exports",
        new JsonObject { ["subject"] = "svc.>", ["type"] = "service" }, new JsonObject { ["subject"] = "ev.>", ["type"] = "stream" }));

    /// <summary>The importer's account JWT with these imports (each: type, subject, optional prefix "to").</summary>
    private string ImporterJwt(params (string Type, string Subject, string? To)[] imports) =>
        TestJwt.Issue(_operator, _importer.PublicKey, "account", With(TestJwt.Unlimited(), "imports", [.. imports.Select(i =>
        {
            var import = new JsonObject { ["subject"] = i.Subject, ["account"] = _exporter.PublicKey, ["type"] = i.Type };
            if (i.To is { } to) import["to"] = to;
            return import;
        })]));

    private static JsonObject With(JsonObject nats, string key, params JsonObject[] items)
    {
        nats[key] = new JsonArray([.. items]);
        return nats;
    }

    private NatsServer Server() => new(new ServerOptions
    {
        Operator = new OperatorOptions
        {
            OperatorJwts = [TestJwt.Issue(_operator, _operator.PublicKey, "operator")],
            Resolver = new ResolverOptions { Kind = ResolverKind.Memory },
            Preload = new() { [_exporter.PublicKey] = ExporterJwt(), [_importer.PublicKey] = ImporterJwt() },
        },
    });

    private static async Task<InMemoryConnection> Login(NatsServer server, TestKey account)
    {
        var user = TestKey.User();
        var c = new InMemoryConnection(server, quietConnect: false);
        var info = await c.ReadUntilAsync("\r\n");
        await c.SendAsync(TestJwt.Connect(TestJwt.Issue(account, user.PublicKey, "user", new() { ["subs"] = -1, ["payload"] = -1, ["data"] = -1 }), user, info));
        await RoundTrip(c, "");
        return c;
    }

    /// <summary>Sends <paramref name="text"/> and a PING; returns what came back up to the PONG.</summary>
    private static async Task<string> RoundTrip(InMemoryConnection c, string text)
    {
        c.Clear();
        await c.SendAsync(text + "PING\r\n");
        return await c.ReadUntilAsync("PONG");
    }

    private static void Update(NatsServer server, string jwt) => Assert.Null(server.UpdateAccountJwt(jwt, null).Error);

    [Fact]
    public async Task Claims_updates_add_change_and_remove_import_subscriptions_and_leave_none_behind()
    {
        var server = Server();
        await using var importer = await Login(server, _importer);
        await RoundTrip(importer, "SUB x.ev.> 1\r\nSUB svc.> 2\r\n");
        await using var exporter = await Login(server, _exporter);
        var imp = server.FindAccount(_importer.PublicKey)!;
        var exp = server.FindAccount(_exporter.PublicKey)!;
        Assert.Equal(2, imp.Sublist.Count); // the client's two, no import yet
        Assert.Equal(0, exp.Sublist.Count);

        // Added: the service import subscribes in the importer, the stream shadows the client's x.ev.> in the exporter.
        Update(server, ImporterJwt(("service", "svc.>", null), ("stream", "ev.>", "x")));
        Assert.Equal(3, imp.Sublist.Count);
        Assert.Equal(["ev.>"], exp.Sublist.All().Select(s => s.Subject));
        await RoundTrip(exporter, "PUB ev.a 2\r\nhi\r\n");
        Assert.Contains("MSG x.ev.a 1 2\r\nhi", await RoundTrip(importer, ""));

        // The same imports again, many times: nothing is added twice.
        for (var i = 0; i < 5; i++) Update(server, ImporterJwt(("service", "svc.>", null), ("stream", "ev.>", "x")));
        Assert.Equal(3, imp.Sublist.Count);
        Assert.Single(exp.Sublist.All());

        // Changed: another prefix no longer reaches x.ev.>; the service import stays the same subscription.
        var serviceSub = imp.Sublist.All().Single(s => s.Import is not null);
        Update(server, ImporterJwt(("service", "svc.>", null), ("stream", "ev.>", "y")));
        Assert.Same(serviceSub, imp.Sublist.All().Single(s => s.Import is not null));
        Assert.Empty(exp.Sublist.All());

        // Removed: the service import's subscription leaves the importer.
        Update(server, ImporterJwt());
        Assert.Equal(2, imp.Sublist.Count);
        Assert.Empty(exp.Sublist.All());
        await RoundTrip(exporter, "PUB ev.b 2\r\nno\r\n");
        Assert.DoesNotContain("MSG", await RoundTrip(importer, ""));
    }

    [Fact]
    public async Task A_stream_shadow_counts_against_the_clients_auto_unsubscribe_limit_and_leaves_with_it()
    {
        var server = Server();
        await using var importer = await Login(server, _importer);
        await using var exporter = await Login(server, _exporter);
        Update(server, ImporterJwt(("stream", "ev.>", "x")));
        var exp = server.FindAccount(_exporter.PublicKey)!;
        await RoundTrip(importer, "SUB x.ev.> 1\r\nUNSUB 1 2\r\n");
        Assert.Single(exp.Sublist.All());
        await RoundTrip(exporter, "PUB ev.a 1\r\n1\r\nPUB ev.a 1\r\n2\r\nPUB ev.a 1\r\n3\r\n");
        var seen = await RoundTrip(importer, "");
        Assert.Equal(2, seen.Split("MSG x.ev.a 1 1").Length - 1);
        Assert.Empty(exp.Sublist.All());
        Assert.Equal(0, server.FindAccount(_importer.PublicKey)!.Sublist.Count);
    }
}
